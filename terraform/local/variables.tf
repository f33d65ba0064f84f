variable "moto_endpoint" {
  description = "The moto server's URL, e.g. http://127.0.0.1:5000."
  type        = string
}
