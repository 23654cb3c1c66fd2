terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "4.14.0"
    }
  }
}

provider "azurerm" {
  features {}
}

resource "azurerm_postgresql_flexible_server" "main" {
  name                          = "s189p01-rtt-psql"
  resource_group_name           = "s189p01-rtt"
  location                      = "uksouth"
  version                       = "16"
  public_network_access_enabled = false
  backup_retention_days         = 35
  geo_redundant_backup_enabled  = true

  high_availability {
    mode = "ZoneRedundant"
  }
}

resource "azurerm_redis_cache" "cache" {
  name                          = "s189p01-rtt-redis"
  location                      = "ukwest"
  resource_group_name           = "s189p01-rtt"
  capacity                      = 1
  family                        = "C"
  sku_name                      = "Standard"
  minimum_tls_version           = "1.2"
  public_network_access_enabled = false
}

resource "azurerm_user_assigned_identity" "app" {
  name                = "s189p01-rtt-id"
  location            = "uksouth"
  resource_group_name = "s189p01-rtt"
}

data "azurerm_key_vault" "app" {
  name                = "s189p01-rtt-kv"
  resource_group_name = "s189p01-rtt"
}
