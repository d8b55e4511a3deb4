"""ips-assess: readiness assessment of SAP Identity Provisioning tenants leaving SAP BTP Neo."""

__version__ = "0.1.0"
