/** The naive baseline's view of the telemetry table: one TypeORM entity saved per message. */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'telemetry' })
export class NaiveTelemetry {
  @PrimaryColumn({ name: 'vehicle_id', type: 'text' }) vehicleId!: string;
  @PrimaryColumn({ type: 'bigint' }) seq!: number;
  @Column({ type: 'timestamptz' }) ts!: Date;
  @Column({ type: 'double precision', nullable: true }) lat!: number | null;
  @Column({ type: 'double precision', nullable: true }) lon!: number | null;
  @Column({ name: 'heading_deg', type: 'real', nullable: true }) headingDeg!: number | null;
  @Column({ name: 'gnss_fix', type: 'boolean', nullable: true }) gnssFix!: boolean | null;
  @Column({ name: 'speed_kmh', type: 'real' }) speedKmh!: number;
  @Column({ name: 'odometer_km', type: 'double precision' }) odometerKm!: number;
  @Column({ name: 'engine_rpm', type: 'real' }) engineRpm!: number;
  @Column({ name: 'engine_load_pct', type: 'real' }) engineLoadPct!: number;
  @Column({ name: 'accelerator_pct', type: 'real' }) acceleratorPct!: number;
  @Column({ name: 'brake_pressed', type: 'boolean' }) brakePressed!: boolean;
  @Column({ name: 'doors_open', type: 'boolean' }) doorsOpen!: boolean;
  @Column({ type: 'smallint' }) passengers!: number;
  @Column({ name: 'fuel_type', type: 'text' }) fuelType!: string;
  @Column({ name: 'tank_pressure_bar', type: 'real', nullable: true }) tankPressureBar!: number | null;
  @Column({ name: 'tank_temp_c', type: 'real', nullable: true }) tankTempC!: number | null;
  @Column({ name: 'total_used_kg', type: 'double precision', nullable: true }) totalUsedKg!: number | null;
  @Column({ name: 'total_used_l', type: 'double precision', nullable: true }) totalUsedL!: number | null;
  @Column({ name: 'fuel_level_pct', type: 'real' }) fuelLevelPct!: number;
  @Column({ name: 'cabin_temp_c', type: 'real' }) cabinTempC!: number;
  @Column({ name: 'cabin_humidity_pct', type: 'real' }) cabinHumidityPct!: number;
  @Column({ name: 'cabin_co2_ppm', type: 'real' }) cabinCo2Ppm!: number;
  @Column({ name: 'cabin_noise_dba', type: 'real' }) cabinNoiseDbA!: number;
  @Column({ name: 'driver_noise_dba', type: 'real' }) driverNoiseDbA!: number;
  @Column({ name: 'cab_temp_c', type: 'real' }) cabTempC!: number;
  @Column({ name: 'ambient_temp_c', type: 'real' }) ambientTempC!: number;
  @Column({ name: 'hvac_on', type: 'boolean' }) hvacOn!: boolean;
  @Column({ name: 'seat_awx', type: 'real' }) seatAwx!: number;
  @Column({ name: 'seat_awy', type: 'real' }) seatAwy!: number;
  @Column({ name: 'seat_awz', type: 'real' }) seatAwz!: number;
  @Column({ name: 'floor_awx', type: 'real' }) floorAwx!: number;
  @Column({ name: 'floor_awy', type: 'real' }) floorAwy!: number;
  @Column({ name: 'floor_awz', type: 'real' }) floorAwz!: number;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}
