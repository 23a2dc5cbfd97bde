"""The permissions every officials' admin screen shares: an official sees what their scope allows
and changes nothing through Django's generic add, change and delete (writes go through services,
and history is never edited). Kept out of any `admin` module so both apps' admin packages can
stand on it without importing each other."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


class ScopedReadOnlyPermissions:
    """Mix into a ModelAdmin and define `may_view(request)`: who may see the screen at all."""

    def may_view(self, request: HttpRequest) -> bool:
        raise NotImplementedError

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.may_view(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_view(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
