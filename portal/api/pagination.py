from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """DRF's page pagination; `page_size` may be asked for, up to a sane maximum."""

    page_size_query_param = "page_size"
    max_page_size = 500
