"""Economic sectors, shared by thematic tables, organizations, B2B profiles and agreements."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """Economic sectors, shared by organizations, B2B profiles and agreements."""

    BUILDING = "building", _("Building and construction")
    MECHANICS = "mechanics", _("Mechanics and machinery")
    OIL_GAS = "oil_gas", _("Oil and gas")
    ENERGY = "energy", _("Energy and utilities")
    AGRIFOOD = "agrifood", _("Agri-food")
    FURNITURE = "furniture", _("Furniture and wood")
    TEXTILE_FASHION = "textile_fashion", _("Textile, clothing and fashion")
    CHEMICALS_PHARMA = "chemicals_pharma", _("Chemicals and pharmaceuticals")
    ICT = "ict", _("Information and communication technologies")
    TRANSPORT_LOGISTICS = "transport_logistics", _("Transport and logistics")
    TOURISM = "tourism", _("Tourism")
    FINANCE = "finance", _("Banking and finance")
    EDUCATION_RESEARCH = "education_research", _("Education and research")
    HEALTH = "health", _("Health and medical devices")
    ENVIRONMENT = "environment", _("Environment and waste")
    AEROSPACE = "aerospace", _("Aerospace")
    INSTITUTIONAL = "institutional", _("Institutional cooperation")
    OTHER = "other", _("Other")
