/**
 * A device's answer numbering (libs/contract feedback.ts `deviceSeq`): an installation id and the
 * next number, kept where the device keeps its outbox (IndexedDB in the pages, memory in the
 * simulator). Numbers are taken when an answer is created, before it can be lost.
 */
export interface DeviceCounter {
  deviceId: string;
  /** The number of the next answer this device creates (1 for the first). */
  nextSeq: number;
}

export interface DeviceCounterStore {
  /** Atomically takes the next number (creating the device on first use). */
  take(): Promise<{ deviceId: string; deviceSeq: number }>;
}

/** In memory: the simulator's devices (the ground truth records their ids). */
export class MemoryDeviceCounter implements DeviceCounterStore {
  private next = 1;
  constructor(readonly deviceId: string) {}

  take(): Promise<{ deviceId: string; deviceSeq: number }> {
    return Promise.resolve(this.takeNow());
  }

  takeNow(): { deviceId: string; deviceSeq: number } {
    return { deviceId: this.deviceId, deviceSeq: this.next++ };
  }

  get issued(): number {
    return this.next - 1;
  }
}
