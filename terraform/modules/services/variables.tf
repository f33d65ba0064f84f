variable "name" {
  description = "Prefix of every resource name."
  type        = string
}

variable "catalog" {
  description = "The service catalog (modules/catalog output `services`)."
  type = map(object({
    port         = number
    long_running = bool
    public_http  = bool
    uses         = list(string)
    queue        = string
    command      = list(string)
    environment  = map(string)
  }))
}

variable "settings" {
  description = "Per service: tasks at start (desired_count) and the autoscaling range (min_count..max_count), Fargate CPU units and memory MiB, extra environment variables, and for the queue workers the ready messages per task that autoscaling aims at."
  type = map(object({
    desired_count          = number
    min_count              = number
    max_count              = number
    cpu                    = number
    memory                 = number
    environment            = map(string)
    queue_backlog_per_task = number
  }))
}

variable "image_tag" {
  description = "The tag every service's image is deployed at (the repositories are immutable: one tag per build, e.g. the git commit)."
  type        = string
}

variable "cpu_architecture" {
  description = "X86_64 or ARM64: the architecture the images are built for."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the tasks."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Each service's group (modules/security), by service name."
  type        = map(string)
}

variable "target_group_arns" {
  description = "Each HTTP service's target group (modules/loadbalancer), by service name."
  type        = map(string)
}

variable "kms_key_arn" {
  description = "The key for log groups, ECR and the secrets."
  type        = string
}

variable "log_retention_days" {
  description = "How long the services' logs are kept."
  type        = number
}

variable "log_level" {
  description = "LOG_LEVEL of every service."
  type        = string
}

variable "connections" {
  description = "Where the data stores are: the POSTGRES_URL and AMQP_URL secrets, Redis's and the broker's TLS endpoints (host:port), the broker's name, KAFKA_BROKERS, ELASTICSEARCH_URL."
  type = object({
    postgres_url_secret_arn = string
    amqp_url_secret_arn     = string
    redis_tls_endpoint      = string
    rabbitmq_tls_endpoint   = string
    rabbitmq_broker_name    = string
    kafka_bootstrap_brokers = string
    opensearch_url          = string
  })
}

variable "buckets" {
  description = "The bucket each service may use, by service name: its name and ARN. A service gets S3 rights on that bucket only; services not named here get none."
  type        = map(object({ name = string, arn = string }))
}

variable "tls_tunnel_image" {
  description = "The image of the TLS tunnel sidecar (socat) that carries plain AMQP and Redis traffic from 127.0.0.1 to Amazon MQ's and ElastiCache's TLS listeners."
  type        = string
}

variable "user_email_key" {
  description = "USER_EMAIL_KEY of user-consumer (32 bytes in base64). Write-only: stored in Secrets Manager, never in the state."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "user_email_key_version" {
  description = "Bump to write user_email_key to its secret again: only to recover a lost secret, never to change the key while rows exist."
  type        = number
}

variable "cpu_target_percent" {
  description = "Average CPU utilisation that autoscaling keeps every service at."
  type        = number
}

variable "enable_autoscaling" {
  description = "Create the autoscaling targets and policies (false only where the API is missing, as in moto)."
  type        = bool
  default     = true
}
