terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }

  # deploy/terraform-local.sh puts the state in its temporary folder (-backend-config=path=…).
  backend "local" {}
}
