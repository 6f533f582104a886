/**
 * The engineers' dashboard (/dashboard/…): live line diagram and coaches, trips and days,
 * the trial's candidates against its references, passengers, data quality, alerts, administration. No framework: the
 * house DOM helper (text only ever set as text), chart.js with only the parts used, server-sent
 * events for the live view. No service worker: the dashboard is an online tool.
 */
import { start } from './dashboard/app';

void start();
