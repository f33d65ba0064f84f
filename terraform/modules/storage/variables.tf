variable "name" {
  description = "Prefix of every bucket name (bucket names are global: include the account or a unique word)."
  type        = string
}

variable "buckets" {
  description = "The data buckets to create, by key (uploads, etl-output); each becomes NAME-KEY."
  type        = set(string)
}

variable "kms_key_arn" {
  description = "The key the data buckets encrypt with."
  type        = string
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete buckets that still hold objects (trials only)."
  type        = bool
  default     = false
}

variable "noncurrent_version_days" {
  description = "How long an overwritten or deleted object's old version is kept."
  type        = number
  default     = 30
}
