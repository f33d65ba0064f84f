variable "name" {
  description = "Prefix of every resource name."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets, one per zone."
  type        = list(string)
}

variable "security_group_ids" {
  description = "The groups of modules/security, by dependency name: postgres, redis, opensearch."
  type        = map(string)
}

variable "kms_key_arn" {
  description = "The key for storage, snapshots, logs and the connection secret."
  type        = string
}

variable "log_retention_days" {
  description = "How long the stores' CloudWatch logs are kept."
  type        = number
}

variable "deletion_protection" {
  description = "Protect the database from `terraform destroy` (and keep a final snapshot)."
  type        = bool
}

# ------------------------------------------------------------------------------- PostgreSQL

variable "postgres" {
  description = "RDS PostgreSQL: engine version (15, as docker-compose and the tests), instance class, storage in GiB, Multi-AZ, backup days."
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
}

variable "db_password" {
  description = "The PostgreSQL password. Write-only: sent to RDS and into the POSTGRES_URL secret, never stored in the state."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "secrets_version" {
  description = "Bump to send db_password (and the URL built from it) again: how the password is rotated."
  type        = number
}

# ------------------------------------------------------------------------------------ Redis

variable "redis" {
  description = "ElastiCache Redis: engine version, node type, nodes (a primary and replicas), snapshot days."
  type = object({
    engine_version          = optional(string, "7.1")
    node_type               = optional(string, "cache.t4g.small")
    nodes                   = optional(number, 2)
    snapshot_retention_days = optional(number, 7)
  })

  validation {
    condition     = var.redis.nodes >= 2 && var.redis.nodes <= 6
    error_message = "Two to six nodes: a primary and at least one replica in another zone, for automatic failover."
  }
}

# ------------------------------------------------------------------------------- OpenSearch

variable "opensearch" {
  description = "OpenSearch (the services' ELASTICSEARCH_URL): engine version, instance type and count (spread over the zones), EBS GiB per node."
  type = object({
    engine_version = optional(string, "OpenSearch_2.13")
    instance_type  = optional(string, "t3.medium.search")
    instance_count = optional(number, 2)
    volume_size    = optional(number, 20)
  })
}
