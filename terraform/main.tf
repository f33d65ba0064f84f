# Tributary on AWS: the root module wires the modules, each one concern.
#
#   catalog       the six services: ports, dependencies, queues (no resources)
#   network       VPC, public and private subnets over the zones, NAT, flow logs
#   security      the KMS key and every security group (who may talk to whom)
#   storage       S3: uploads, etl-output, access logs
#   data          RDS PostgreSQL, ElastiCache Redis, OpenSearch, the POSTGRES_URL secret
#   messaging     Amazon MQ for RabbitMQ, MSK, the AMQP_URL secret
#   loadbalancer  the ALB, a listener per HTTP service, WAF
#   services      ECR, the ECS cluster, task definitions, services, IAM, logs, autoscaling

data "aws_caller_identity" "current" {}

data "aws_availability_zones" "available" {
  count = var.availability_zones == null ? 1 : 0
  state = "available"
}

locals {
  name               = "tributary-${var.environment}"
  availability_zones = var.availability_zones != null ? var.availability_zones : slice(data.aws_availability_zones.available[0].names, 0, var.az_count)
  # Bucket names are global: the account id makes them unique.
  bucket_prefix = "${local.name}-${data.aws_caller_identity.current.account_id}"

  # Sizes and counts when var.services does not say. Fargate CPU units / memory MiB: the Swift
  # services are small (tens of MiB resident); the tunnels reserve 32 MiB each.
  service_defaults = {
    "csv-producer"  = { desired_count = 0, min_count = 0, max_count = 0, cpu = 256, memory = 512, queue_backlog_per_task = null }
    "user-consumer" = { desired_count = 2, min_count = 2, max_count = 10, cpu = 512, memory = 1024, queue_backlog_per_task = 500 }
    "user-api"      = { desired_count = 2, min_count = 2, max_count = 6, cpu = 512, memory = 1024, queue_backlog_per_task = null }
    "log-api"       = { desired_count = 2, min_count = 2, max_count = 10, cpu = 512, memory = 1024, queue_backlog_per_task = null }
    "log-worker"    = { desired_count = 2, min_count = 2, max_count = 10, cpu = 512, memory = 1024, queue_backlog_per_task = 500 }
    "query-service" = { desired_count = 2, min_count = 2, max_count = 6, cpu = 512, memory = 1024, queue_backlog_per_task = null }
  }

  service_settings = {
    for name, defaults in local.service_defaults : name => {
      for key, value in defaults : key => try(var.services[name][key], null) != null ? var.services[name][key] : value
    }
  }
  # environment is a map, kept apart from the numbers above.
  service_settings_with_environment = {
    for name, settings in local.service_settings : name => merge(settings, {
      environment = try(var.services[name].environment, {})
    })
  }
}

module "catalog" {
  source = "./modules/catalog"
}

module "network" {
  source             = "./modules/network"
  name               = local.name
  cidr_block         = var.vpc_cidr
  availability_zones = local.availability_zones
  nat_gateway_per_az = var.nat_gateway_per_az
  kms_key_arn        = module.security.kms_key_arn
  log_retention_days = var.log_retention_days
}

module "security" {
  source              = "./modules/security"
  name                = local.name
  vpc_id              = module.network.vpc_id
  services            = module.catalog.services
  dependencies        = module.catalog.dependencies
  ingress_cidr_blocks = var.allowed_ingress_cidrs
}

module "storage" {
  source      = "./modules/storage"
  name        = local.bucket_prefix
  buckets     = ["uploads", "etl-output"]
  kms_key_arn = module.security.kms_key_arn
}

module "data" {
  source              = "./modules/data"
  name                = local.name
  subnet_ids          = module.network.private_subnet_ids
  security_group_ids  = module.security.dependency_security_group_ids
  kms_key_arn         = module.security.kms_key_arn
  log_retention_days  = var.log_retention_days
  deletion_protection = var.deletion_protection
  postgres            = var.postgres
  redis               = var.redis
  opensearch          = var.opensearch
  db_password         = var.db_password
  secrets_version     = var.secrets_version
}

module "messaging" {
  source             = "./modules/messaging"
  name               = local.name
  subnet_ids         = module.network.private_subnet_ids
  security_group_ids = module.security.dependency_security_group_ids
  kms_key_arn        = module.security.kms_key_arn
  log_retention_days = var.log_retention_days
  rabbitmq           = var.rabbitmq
  rabbitmq_password  = var.rabbitmq_password
  kafka              = var.kafka
  secrets_version    = var.secrets_version
}

module "loadbalancer" {
  source              = "./modules/loadbalancer"
  name                = local.name
  vpc_id              = module.network.vpc_id
  subnet_ids          = module.network.public_subnet_ids
  security_group_id   = module.security.alb_security_group_id
  services            = { for name, service in module.catalog.services : name => service.port if service.public_http }
  certificate_arn     = var.certificate_arn
  access_logs_bucket  = module.storage.logs_bucket_name
  deletion_protection = var.deletion_protection
  enable_waf          = var.enable_waf
  kms_key_arn         = module.security.kms_key_arn
  log_retention_days  = var.log_retention_days
}

module "services" {
  source                 = "./modules/services"
  name                   = local.name
  catalog                = module.catalog.services
  settings               = local.service_settings_with_environment
  image_tag              = var.image_tag
  cpu_architecture       = var.cpu_architecture
  subnet_ids             = module.network.private_subnet_ids
  security_group_ids     = module.security.service_security_group_ids
  target_group_arns      = module.loadbalancer.target_group_arns
  kms_key_arn            = module.security.kms_key_arn
  log_retention_days     = var.log_retention_days
  log_level              = var.log_level
  cpu_target_percent     = var.cpu_target_percent
  tls_tunnel_image       = var.tls_tunnel_image
  user_email_key         = var.user_email_key
  user_email_key_version = var.user_email_key_version

  connections = {
    postgres_url_secret_arn = module.data.postgres_url_secret_arn
    amqp_url_secret_arn     = module.messaging.amqp_url_secret_arn
    redis_tls_endpoint      = module.data.redis_endpoint
    rabbitmq_tls_endpoint   = module.messaging.rabbitmq_tls_endpoint
    rabbitmq_broker_name    = module.messaging.rabbitmq_broker_name
    kafka_bootstrap_brokers = module.messaging.kafka_bootstrap_brokers
    opensearch_url          = module.data.opensearch_url
  }

  buckets = {
    for service, bucket in var.service_buckets : service => {
      name = module.storage.bucket_names[bucket]
      arn  = module.storage.bucket_arns[bucket]
    }
  }
}
