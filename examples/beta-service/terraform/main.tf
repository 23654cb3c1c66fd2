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

resource "azurerm_postgresql_flexible_server" "providers" {
  name                          = "s189p01-fat-psql"
  resource_group_name           = "s189p01-fat"
  location                      = "uksouth"
  version                       = "15"
  public_network_access_enabled = false
}

data "azurerm_key_vault" "app" {
  name                = "s189p01-fat-kv"
  resource_group_name = "s189p01-fat"
}
