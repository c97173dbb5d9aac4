#!/usr/bin/env bash
# Rewrites openapi.yaml from the document the service serves at /swagger/v1/swagger.yaml. Commit the result.
set -euo pipefail
UPDATE_OPENAPI=1 exec bash "$(dirname "$0")/test.sh" --filter "FullyQualifiedName~OpenApiTests.Openapi_yaml_is_the_document_the_service_serves"
