import { Module } from '@nestjs/common';
import { AckPublisher } from './ack-publisher';
import { IngestRepository } from './ingest.repository';
import { IngestService } from './ingest.service';
import { IngestWriter } from './ingest.writer';
import { TelemetryPartitionsService } from './telemetry-partitions.service';

@Module({
  providers: [IngestService, IngestWriter, IngestRepository, AckPublisher, TelemetryPartitionsService],
  exports: [IngestService, TelemetryPartitionsService],
})
export class IngestModule {}
