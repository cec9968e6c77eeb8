// Pausing a standalone Milvus (milvus.paused; cluster mode pauses through the
// chart values, values.ts). The chart fixes the standalone Deployment at one
// replica (templates/standalone-deployment.yaml of milvus-5.0.19), so Helm
// renders it through a post-renderer that sets zero
// (paused-standalone.postrender.js). Every Helm upgrade while paused renders
// zero again, so Milvus never starts during an edit; resuming drops the
// post-renderer and the next upgrade renders the chart's one replica.
//
// A patch of replicas 0 after each upgrade would not do: Helm would first put
// the chart's 1 back, so Milvus would start for a moment on every edit.
import * as path from "path";
import type { MilvusSettings } from "../config/resolve";

/** The post-renderer Helm runs for a paused standalone release (an absolute path: Helm execs it). */
export const PAUSED_STANDALONE_POSTRENDER = path.join(__dirname, "paused-standalone.postrender.js");

/** Release arguments that keep a paused standalone Milvus at zero; none otherwise. */
export function pauseRenderArgs(milvus: Pick<MilvusSettings, "paused" | "mode">): { postrender?: string } {
    return milvus.paused && milvus.mode === "standalone" ? { postrender: PAUSED_STANDALONE_POSTRENDER } : {};
}
