import { Controller, Get, Header } from '@nestjs/common';
import { renderYaml } from './contract-files';
import { buildOpenApi, type OpenApiDocument } from './openapi';

/**
 * bridge-contract §5: the OpenAPI document of the HTTP API. Public on purpose (no ApiTokenGuard): it
 * describes the API, it does not use it, and it is served whether or not API_TOKEN enables the API.
 */
@Controller('api')
export class DocsController {
  private json?: OpenApiDocument;
  private yaml?: string;

  @Get('docs')
  openApi(): OpenApiDocument {
    // Built on first use: the document is pure data, the same for the process's whole life.
    this.json ??= buildOpenApi();
    return this.json;
  }

  @Get('docs.yaml')
  @Header('content-type', 'application/yaml; charset=utf-8')
  openApiYaml(): string {
    this.yaml ??= renderYaml(this.openApi());
    return this.yaml;
  }
}
