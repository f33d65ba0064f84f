terraform {
  # Write-only arguments and ephemeral variables (the passwords stay out of the state): 1.11.
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # Exact: no lock file is committed (see the README), so the version is pinned here.
      version = "5.100.0"
    }
  }

  # State holds the broker password and every endpoint: keep it in an encrypted, versioned S3
  # bucket. `terraform init -backend-config=backend.hcl` (see backend.hcl.example); the offline
  # checks use -backend=false.
  backend "s3" {}
}
