// How Milvus pods spread across availability zones, decided the same way on
// every platform: hard (DoNotSchedule) only when the nodes span two zones or
// more, so a single-zone or unlabelled cluster still schedules every pod.
import type { MilvusPlatform } from "./contract";

export function zoneSpreadFor(zoneCount: number): MilvusPlatform["zoneSpread"] {
    return zoneCount >= 2 ? "DoNotSchedule" : "ScheduleAnyway";
}
