import { Module } from '@nestjs/common';
import { AckPublisher } from './ack-publisher';
import { IngestRepository } from './ingest.repository';
import { IngestService } from './ingest.service';
import { IngestWriter } from './ingest.writer';

@Module({ providers: [IngestService, IngestWriter, IngestRepository, AckPublisher], exports: [IngestService] })
export class IngestModule {}
