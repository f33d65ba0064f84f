variable "name" {
  description = "Prefix of every resource name."
  type        = string
}

variable "vpc_id" {
  description = "The VPC the security groups belong to."
  type        = string
}

variable "services" {
  description = "The service catalog (modules/catalog output `services`)."
  type = map(object({
    port        = number
    public_http = bool
    uses        = list(string)
  }))
}

variable "dependencies" {
  description = "The data stores and brokers (modules/catalog output `dependencies`): name => port clients connect to."
  type        = map(object({ port = number }))
}

variable "ingress_cidr_blocks" {
  description = "Who may reach the load balancer's listeners."
  type        = list(string)
}
