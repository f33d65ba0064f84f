# ---------------------------------------------------------------------------------- where

variable "region" {
  description = "The AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "environment" {
  description = "A short name for this deployment (prod, staging, …): every resource is named tributary-ENVIRONMENT-…"
  type        = string
  default     = "prod"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,11}$", var.environment))
    error_message = "2 to 12 lower-case letters, digits or dashes, starting with a letter."
  }
}

variable "tags" {
  description = "Extra tags on every resource."
  type        = map(string)
  default     = {}
}

variable "availability_zones" {
  description = "The zones to use; null: the first az_count available zones of the region."
  type        = list(string)
  default     = null
}

variable "az_count" {
  description = "How many zones to spread over when availability_zones is null (at least 2)."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 4
    error_message = "Two to four zones."
  }
}

variable "vpc_cidr" {
  description = "The VPC's address range."
  type        = string
  default     = "10.40.0.0/16"
}

variable "nat_gateway_per_az" {
  description = "One NAT gateway per zone (true) or one shared (false: cheaper, one zone's outage cuts the others off from ECR and AWS APIs)."
  type        = bool
  default     = true
}

# ------------------------------------------------------------------------------ the edge

variable "allowed_ingress_cidrs" {
  description = "Who may reach the load balancer."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "certificate_arn" {
  description = "ACM certificate for HTTPS listeners; null serves plain HTTP (a trial without a domain)."
  type        = string
  default     = null
}

variable "enable_waf" {
  description = "AWS WAF with AWS's managed rules in front of the load balancer."
  type        = bool
  default     = true
}

variable "deletion_protection" {
  description = "Protect the database and the load balancer from `terraform destroy`; false for a trial."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "How long every CloudWatch log group keeps its logs."
  type        = number
  default     = 365
}

# ------------------------------------------------------------------------------ services

variable "image_tag" {
  description = "The image tag every service runs (the ECR repositories are immutable: push one tag per build, e.g. the git commit)."
  type        = string
}

variable "cpu_architecture" {
  description = "X86_64 or ARM64, as the images are built."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "X86_64 or ARM64."
  }
}

variable "log_level" {
  description = "LOG_LEVEL of every service: trace, debug, info, notice, warning, error, critical."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["trace", "debug", "info", "notice", "warning", "error", "critical"], var.log_level)
    error_message = "One of trace, debug, info, notice, warning, error, critical."
  }
}

variable "services" {
  description = <<-EOT
    Per service (csv-producer, user-consumer, user-api, log-api, log-worker, query-service), any of:
    desired_count (tasks at start), min_count and max_count (the autoscaling range), cpu (Fargate
    units) and memory (MiB), environment (extra variables, e.g. LOG_WORKER_BATCH_SIZE), and for
    user-consumer and log-worker queue_backlog_per_task (ready messages per task autoscaling aims
    at). What is not given comes from locals.service_defaults in main.tf.
  EOT
  type = map(object({
    desired_count          = optional(number)
    min_count              = optional(number)
    max_count              = optional(number)
    cpu                    = optional(number)
    memory                 = optional(number)
    environment            = optional(map(string), {})
    queue_backlog_per_task = optional(number)
  }))
  default = {}

  validation {
    condition = alltrue([
      for name in keys(var.services) :
      contains(["csv-producer", "user-consumer", "user-api", "log-api", "log-worker", "query-service"], name)
    ])
    error_message = "Keys are service names: csv-producer, user-consumer, user-api, log-api, log-worker, query-service."
  }
}

variable "cpu_target_percent" {
  description = "Average CPU utilisation autoscaling keeps each service at."
  type        = number
  default     = 60
}

variable "service_buckets" {
  description = "Which bucket (uploads or etl-output) each service may use; a service not named here gets no S3 rights."
  type        = map(string)
  default = {
    "csv-producer" = "etl-output"
    "user-api"     = "uploads"
  }

  validation {
    condition     = alltrue([for bucket in values(var.service_buckets) : contains(["uploads", "etl-output"], bucket)])
    error_message = "A bucket is uploads or etl-output."
  }
}

variable "tls_tunnel_image" {
  description = "The socat image of the TLS tunnel sidecars (AMQP and Redis); mirror it into ECR and pin a digest for production."
  type        = string
  default     = "alpine/socat:1.8.0.0"
}

# ------------------------------------------------------------------------- data stores

variable "postgres" {
  description = "RDS PostgreSQL: engine_version, instance_class, allocated_storage, max_allocated_storage, multi_az, backup_retention_days, database, username."
  type = object({
    engine_version        = optional(string, "15")
    instance_class        = optional(string, "db.t4g.medium")
    allocated_storage     = optional(number, 50)
    max_allocated_storage = optional(number, 500)
    multi_az              = optional(bool, true)
    backup_retention_days = optional(number, 7)
    database              = optional(string, "tributary")
    username              = optional(string, "tributary")
  })
  default = {}
}

variable "redis" {
  description = "ElastiCache Redis: engine_version, node_type, nodes, snapshot_retention_days."
  type = object({
    engine_version          = optional(string, "7.1")
    node_type               = optional(string, "cache.t4g.small")
    nodes                   = optional(number, 2)
    snapshot_retention_days = optional(number, 7)
  })
  default = {}
}

variable "opensearch" {
  description = "OpenSearch: engine_version, instance_type, instance_count, volume_size."
  type = object({
    engine_version = optional(string, "OpenSearch_2.13")
    instance_type  = optional(string, "t3.medium.search")
    instance_count = optional(number, 2)
    volume_size    = optional(number, 20)
  })
  default = {}
}

variable "rabbitmq" {
  description = "Amazon MQ for RabbitMQ: engine_version, instance_type, deployment_mode (CLUSTER_MULTI_AZ or SINGLE_INSTANCE), username."
  type = object({
    engine_version  = optional(string, "3.13")
    instance_type   = optional(string, "mq.m5.large")
    deployment_mode = optional(string, "CLUSTER_MULTI_AZ")
    username        = optional(string, "tributary")
  })
  default = {}
}

variable "kafka" {
  description = "MSK: version, instance_type, brokers_per_zone, volume_size."
  type = object({
    version          = optional(string, "3.6.0")
    instance_type    = optional(string, "kafka.m5.large")
    brokers_per_zone = optional(number, 1)
    volume_size      = optional(number, 100)
  })
  default = {}
}

# ------------------------------------------------------------------------------ secrets

variable "db_password" {
  description = "The PostgreSQL password: 16 to 128 characters, none of / @ \" or space. Ephemeral and write-only: it reaches RDS and the POSTGRES_URL secret but neither the state nor a plan file."
  type        = string
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = can(regex("^[^/@\" ]{16,128}$", var.db_password))
    error_message = "16 to 128 characters, none of / @ \" or space."
  }
}

variable "rabbitmq_password" {
  description = "The broker user's password: 12 to 250 characters, none of , : = (Amazon MQ's rule). Stored in the state by aws_mq_broker."
  type        = string
  sensitive   = true

  validation {
    condition     = can(regex("^[^,:=]{12,250}$", var.rabbitmq_password))
    error_message = "12 to 250 characters, none of , : =."
  }
}

variable "user_email_key" {
  description = "user-consumer's USER_EMAIL_KEY: 32 bytes in base64 (`openssl rand -base64 32`). Never change it while rows exist. Ephemeral and write-only."
  type        = string
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = can(regex("^[A-Za-z0-9+/]{43}=$", var.user_email_key))
    error_message = "32 bytes in base64: 44 characters ending in one '='."
  }
}

variable "secrets_version" {
  description = "Bump (1, 2, …) to send db_password and rabbitmq_password (and the URLs built from them) again: how a password is rotated."
  type        = number
  default     = 1
}

variable "user_email_key_version" {
  description = "Bump to write user_email_key to its secret again. Apart from secrets_version on purpose: a password rotation must never replace the e-mail key."
  type        = number
  default     = 1
}
