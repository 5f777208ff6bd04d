import { Module } from '@nestjs/common';
import { DocsController } from './docs.controller';

/** The documented contract (bridge-contract §2–§5): serves the OpenAPI document; docs/ holds both documents. */
@Module({ controllers: [DocsController] })
export class ContractModule {}
