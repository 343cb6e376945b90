"""OpenID Connect through requests + PyJWT (see provider.OidcProvider)."""

from plotpress.adapters.oidc.discovery import ASYMMETRIC_ALGORITHMS, ProviderMetadata
from plotpress.adapters.oidc.provider import OidcProvider

__all__ = ["ASYMMETRIC_ALGORITHMS", "OidcProvider", "ProviderMetadata"]
