"""Any OpenAPI document as a spec: load by path or URL, convert Swagger 2.0, apply x-pbx overlays."""
