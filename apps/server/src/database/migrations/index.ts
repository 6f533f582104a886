/**
 * Every migration, in order. Listed explicitly (not globbed) so that the same list runs under
 * swc-node, vitest and a compiled build. Append new ones at the end.
 */
import { IngestSchema1780000000000 } from './1780000000000-IngestSchema';
import { FeedbackSchema1780000300000 } from './1780000300000-FeedbackSchema';
import { AnalyticsRollups1780000400000 } from './1780000400000-AnalyticsRollups';
import { AnalyticsServiceRollup1780000500000 } from './1780000500000-AnalyticsServiceRollup';
import { FeedbackDeviceSequence1780000600000 } from './1780000600000-FeedbackDeviceSequence';
import { StatusDeadLettersOnce1780000700000 } from './1780000700000-StatusDeadLettersOnce';
import { Alerts1780000800000 } from './1780000800000-Alerts';
import { AccessControl1780001000000 } from './1780001000000-AccessControl';
import { TelemetryBuckets1780001050000 } from './1780001050000-TelemetryBuckets';
import { ReportVersions1780001200000 } from './1780001200000-ReportVersions';
import { TrialConfiguration1780001400000 } from './1780001400000-TrialConfiguration';
import { TelemetryPartitions1780001600000 } from './1780001600000-TelemetryPartitions';
import { VehicleRegistry1780001700000 } from './1780001700000-VehicleRegistry';

export const MIGRATIONS = [
  IngestSchema1780000000000,
  FeedbackSchema1780000300000,
  AnalyticsRollups1780000400000,
  AnalyticsServiceRollup1780000500000,
  FeedbackDeviceSequence1780000600000,
  StatusDeadLettersOnce1780000700000,
  Alerts1780000800000,
  AccessControl1780001000000,
  TelemetryBuckets1780001050000,
  ReportVersions1780001200000,
  TrialConfiguration1780001400000,
  TelemetryPartitions1780001600000,
  VehicleRegistry1780001700000,
];
