variable "name" {
  description = "Prefix of every resource name."
  type        = string
}

variable "vpc_id" {
  description = "The VPC of the target groups."
  type        = string
}

variable "subnet_ids" {
  description = "Public subnets, one per zone."
  type        = list(string)
}

variable "security_group_id" {
  description = "The load balancer's group (modules/security)."
  type        = string
}

variable "services" {
  description = "The HTTP services to route to: name => port. Each gets a listener on its own port (the services share paths such as /users and /health/ready, so one port each rather than path rules)."
  type        = map(number)
}

variable "certificate_arn" {
  description = "An ACM certificate for the listeners (HTTPS, TLS 1.2+); null: plain HTTP, for a trial without a domain."
  type        = string
  default     = null
}

variable "access_logs_bucket" {
  description = "The bucket that receives access logs (under alb/)."
  type        = string
}

variable "deletion_protection" {
  description = "Protect the load balancer from `terraform destroy`."
  type        = bool
}

variable "enable_waf" {
  description = "Put AWS WAF with AWS's managed common and known-bad-input rules in front of the load balancer."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "The key for the WAF log group."
  type        = string
}

variable "log_retention_days" {
  description = "How long WAF logs are kept."
  type        = number
}
