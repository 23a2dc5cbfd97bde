"""Claims like a national identity provider's: the IIN (the test user's username), the full
name and a confirmed e-mail address."""

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class IdentityValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "iin": "profile"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        return {
            "iin": user.username,
            "name": f"{user.last_name} {user.first_name}".strip(),
            "email": user.email,
            "email_verified": True,
        }
