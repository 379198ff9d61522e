"""Turn vendor documents of the PortSIP kind (markdown, one OpenAPI fragment per operation) into
normalised OpenAPI 3.1 YAML."""
