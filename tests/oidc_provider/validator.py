from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """The claims a Đoàn identity provider would give: e-mail (verified or not) and the member number. This test
    provider keeps them in its users' fields: the member number in first_name, "unverified" in last_name."""

    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request):
        user = request.user
        claims = {"email": user.email, "email_verified": user.last_name != "unverified", "given_name": "An"}
        if user.first_name:
            claims["member_number"] = user.first_name
        return claims
