variable "name" {
  description = "Prefix of every resource name, e.g. tributary-prod."
  type        = string
}

variable "cidr_block" {
  description = "The VPC's address range; split into one public and one private /20 per availability zone."
  type        = string
  default     = "10.40.0.0/16"
}

variable "availability_zones" {
  description = "The availability zones to spread over: two or more (RDS, ElastiCache, Amazon MQ, MSK and OpenSearch each need two)."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2 && length(var.availability_zones) <= 4
    error_message = "Give two to four availability zones."
  }
}

variable "nat_gateway_per_az" {
  description = "One NAT gateway per zone (true: a zone's outage leaves the others reaching ECR and AWS APIs) or a single shared one (false: cheaper)."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "The key that encrypts the flow-log group."
  type        = string
}

variable "log_retention_days" {
  description = "How long flow logs are kept."
  type        = number
}
