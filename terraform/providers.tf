provider "aws" {
  region = var.region

  default_tags {
    tags = merge(var.tags, {
      Project     = "tributary"
      Environment = var.environment
      ManagedBy   = "terraform"
    })
  }
}
