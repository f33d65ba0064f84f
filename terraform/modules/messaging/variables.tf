variable "name" {
  description = "Prefix of every resource name."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets, one per zone."
  type        = list(string)
}

variable "security_group_ids" {
  description = "The groups of modules/security, by dependency name: rabbitmq, kafka."
  type        = map(string)
}

variable "kms_key_arn" {
  description = "The key for MSK's storage, the logs and the connection secret."
  type        = string
}

variable "log_retention_days" {
  description = "How long the brokers' CloudWatch logs are kept."
  type        = number
}

# --------------------------------------------------------------------------------- RabbitMQ

variable "rabbitmq" {
  description = "Amazon MQ for RabbitMQ: engine version, instance type, deployment mode (CLUSTER_MULTI_AZ: three nodes over the zones; SINGLE_INSTANCE: one, for trials), user name."
  type = object({
    engine_version  = optional(string, "3.13")
    instance_type   = optional(string, "mq.m5.large")
    deployment_mode = optional(string, "CLUSTER_MULTI_AZ")
    username        = optional(string, "tributary")
  })

  validation {
    condition     = contains(["CLUSTER_MULTI_AZ", "SINGLE_INSTANCE"], var.rabbitmq.deployment_mode)
    error_message = "deployment_mode is CLUSTER_MULTI_AZ or SINGLE_INSTANCE."
  }
}

variable "rabbitmq_password" {
  description = "The broker user's password (Amazon MQ keeps it in the state: aws_mq_broker has no write-only password)."
  type        = string
  sensitive   = true
}

variable "amqp_client_endpoint" {
  description = "host:port the services connect to for AMQP: their TLS tunnel to the broker (modules/services), because Amazon MQ accepts only AMQP over TLS and the services' client speaks plain AMQP."
  type        = string
  default     = "127.0.0.1:5672"
}

variable "secrets_version" {
  description = "Bump to write the AMQP_URL secret again (after a password change)."
  type        = number
}

# ------------------------------------------------------------------------------------ Kafka

variable "kafka" {
  description = "MSK: Kafka version, broker instance type, brokers per zone, EBS GiB per broker."
  type = object({
    version          = optional(string, "3.6.0")
    instance_type    = optional(string, "kafka.m5.large")
    brokers_per_zone = optional(number, 1)
    volume_size      = optional(number, 100)
  })
}
