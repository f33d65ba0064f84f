# The part of the AWS deployment that moto can hold, applied and destroyed by
# `make tf-apply-local`: the same modules as terraform/, with the managed data stores (RDS,
# ElastiCache, Amazon MQ, MSK, OpenSearch) replaced by stand-in connection secrets, because moto
# does not run them (see the README for what is applied here and what is only validated).

locals {
  name = "tributary-local"
}

module "catalog" {
  source = "../modules/catalog"
}

module "security" {
  source              = "../modules/security"
  name                = local.name
  vpc_id              = module.network.vpc_id
  services            = module.catalog.services
  dependencies        = module.catalog.dependencies
  ingress_cidr_blocks = ["0.0.0.0/0"]
}

module "network" {
  source             = "../modules/network"
  name               = local.name
  availability_zones = ["us-east-1a", "us-east-1b"]
  nat_gateway_per_az = false
  kms_key_arn        = module.security.kms_key_arn
  log_retention_days = 7
}

module "storage" {
  source        = "../modules/storage"
  name          = "${local.name}-123456789012"
  buckets       = ["uploads", "etl-output"]
  kms_key_arn   = module.security.kms_key_arn
  force_destroy = true
}

module "loadbalancer" {
  source              = "../modules/loadbalancer"
  name                = local.name
  vpc_id              = module.network.vpc_id
  subnet_ids          = module.network.public_subnet_ids
  security_group_id   = module.security.alb_security_group_id
  services            = { for name, service in module.catalog.services : name => service.port if service.public_http }
  access_logs_bucket  = module.storage.logs_bucket_name
  deletion_protection = false
  enable_waf          = true
  kms_key_arn         = module.security.kms_key_arn
  log_retention_days  = 7
}

# Stand-ins for the secrets modules/data and modules/messaging write.
resource "aws_secretsmanager_secret" "stand_in" {
  #checkov:skip=CKV2_AWS_57:A stand-in for a moto run that lasts minutes; the real secrets' rotation is described in modules/data/postgres.tf.
  for_each                = toset(["POSTGRES_URL", "AMQP_URL"])
  name                    = "${local.name}/${each.key}"
  kms_key_id              = module.security.kms_key_arn
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret_version" "stand_in" {
  for_each  = aws_secretsmanager_secret.stand_in
  secret_id = each.value.id
  secret_string = {
    # Nothing connects to these here: the URLs carry no credentials.
    POSTGRES_URL = "postgres://tributary@postgres.invalid:5432/tributary"
    AMQP_URL     = "amqp://127.0.0.1:5672/%2f"
  }[each.key]
}

module "services" {
  source                 = "../modules/services"
  name                   = local.name
  catalog                = module.catalog.services
  image_tag              = "local"
  cpu_architecture       = "X86_64"
  subnet_ids             = module.network.private_subnet_ids
  security_group_ids     = module.security.service_security_group_ids
  target_group_arns      = module.loadbalancer.target_group_arns
  kms_key_arn            = module.security.kms_key_arn
  log_retention_days     = 7
  log_level              = "info"
  cpu_target_percent     = 60
  tls_tunnel_image       = "alpine/socat:1.8.0.0"
  user_email_key         = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
  user_email_key_version = 1
  # moto has no ListTagsForResource for Application Auto Scaling: the provider would retry it
  # until it gives up. The scaling targets and policies are covered by terraform test instead.
  enable_autoscaling = false

  settings = {
    for name, service in module.catalog.services : name => {
      desired_count          = service.long_running ? 1 : 0
      min_count              = service.long_running ? 1 : 0
      max_count              = service.long_running ? 2 : 0
      cpu                    = 256
      memory                 = 512
      environment            = {}
      queue_backlog_per_task = service.queue == null ? null : 500
    }
  }

  connections = {
    postgres_url_secret_arn = aws_secretsmanager_secret.stand_in["POSTGRES_URL"].arn
    amqp_url_secret_arn     = aws_secretsmanager_secret.stand_in["AMQP_URL"].arn
    redis_tls_endpoint      = "redis.invalid:6379"
    rabbitmq_tls_endpoint   = "rabbitmq.invalid:5671"
    rabbitmq_broker_name    = "${local.name}-rabbitmq"
    kafka_bootstrap_brokers = "kafka.invalid:9092"
    opensearch_url          = "https://opensearch.invalid"
  }

  buckets = {
    "csv-producer" = { name = module.storage.bucket_names["etl-output"], arn = module.storage.bucket_arns["etl-output"] }
    "user-api"     = { name = module.storage.bucket_names["uploads"], arn = module.storage.bucket_arns["uploads"] }
  }
}
