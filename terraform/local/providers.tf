# Every AWS API at one moto server on 127.0.0.1 (deploy/terraform-local.sh starts it). moto
# accepts any credentials and answers as account 123456789012.
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "moto"
  secret_key                  = "moto"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  s3_use_path_style           = true
  # An API moto lacks answers 500, which the provider would retry for minutes: fail fast instead.
  max_retries = 2

  endpoints {
    acm                    = var.moto_endpoint
    applicationautoscaling = var.moto_endpoint
    cloudwatch             = var.moto_endpoint
    cloudwatchlogs         = var.moto_endpoint
    ec2                    = var.moto_endpoint
    ecr                    = var.moto_endpoint
    ecs                    = var.moto_endpoint
    elasticache            = var.moto_endpoint
    elbv2                  = var.moto_endpoint
    es                     = var.moto_endpoint
    iam                    = var.moto_endpoint
    kafka                  = var.moto_endpoint
    kms                    = var.moto_endpoint
    mq                     = var.moto_endpoint
    opensearch             = var.moto_endpoint
    rds                    = var.moto_endpoint
    s3                     = var.moto_endpoint
    secretsmanager         = var.moto_endpoint
    sts                    = var.moto_endpoint
    wafv2                  = var.moto_endpoint
  }

  default_tags {
    tags = { Project = "tributary", Environment = "local", ManagedBy = "terraform" }
  }
}
