"""Shop systems: one module per platform (Shopify, WooCommerce) behind one ``ShopConnector`` interface.

Only a shop's own module talks to its platform; everything here returns frozen domain objects
(``Order``, ``Product``, ``CustomerProfile``). The generic import (``PUT /api/v1/orders/{number}``,
``warmline orders import``) needs no connector.
"""

from ._base import ShopConnector, ShopUnavailableError, ShopUpdate, check_signature, parse_time

__all__ = ["ShopConnector", "ShopUnavailableError", "ShopUpdate", "check_signature", "parse_time"]
