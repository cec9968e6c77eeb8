// What the docs checks read in a Markdown file: its headings and their
// anchors (GitHub's rule), its relative links, its figure markers and the
// prose a person reads (fenced code and generated tables left out).
// Pure except docFiles, which lists the files the checks cover.
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.join(__dirname, "..", "..");

/** The front door, every page under docs/ and the example app's README, as paths relative to ROOT. */
export function docFiles(root = ROOT): string[] {
    const pages = fs
        .readdirSync(path.join(root, "docs"))
        .filter((f) => f.endsWith(".md"))
        .sort()
        .map((f) => `docs/${f}`);
    return ["README.md", ...pages, "examples/milvus-client/README.md"];
}

/** A line of a file, with its number (1-based) and whether it sits inside a fenced code block (fences included). */
export interface Line {
    number: number;
    text: string;
    fenced: boolean;
}

/** Every line, marked when it belongs to a fenced code block (``` or ~~~, indented or not, the fences themselves included). */
export function lines(text: string): Line[] {
    let fence: string | undefined;
    return text.split("\n").map((line, i) => {
        const opener = /^\s*(`{3,}|~{3,})/.exec(line);
        if (fence === undefined && opener) {
            fence = opener[1];
            return { number: i + 1, text: line, fenced: true };
        }
        if (fence !== undefined) {
            const closes = opener !== null && opener[1][0] === fence[0] && opener[1].length >= fence.length && line.trim() === opener[1];
            if (closes) fence = undefined;
            return { number: i + 1, text: line, fenced: true };
        }
        return { number: i + 1, text: line, fenced: false };
    });
}

/**
 * GitHub's anchor for a heading: the heading's text (links reduced to their
 * text), lower-cased, everything but letters, digits, spaces, hyphens and
 * underscores removed, spaces turned into hyphens. Not unique: see anchors().
 */
export function slug(heading: string): string {
    return heading
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/<[^>]+>/g, "")
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}_ -]/gu, "")
        .replace(/ /g, "-");
}

/** The anchors of a file's headings, in order: a repeated one gets -1, -2, ... as GitHub numbers them. */
export function anchors(text: string): string[] {
    const seen = new Map<string, number>();
    const out: string[] = [];
    for (const line of lines(text)) {
        const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line.text);
        if (line.fenced || !heading) continue;
        const base = slug(heading[1]);
        const count = seen.get(base) ?? 0;
        out.push(count === 0 ? base : `${base}-${count}`);
        seen.set(base, count + 1);
    }
    return out;
}

export interface Link {
    line: number;
    text: string;
    target: string;
}

/** Links (`[text](target)`, images too) outside fenced code blocks whose target is relative: a path, a path#anchor or #anchor. */
export function relativeLinks(text: string): Link[] {
    const out: Link[] = [];
    for (const line of lines(text)) {
        if (line.fenced) continue;
        for (const m of line.text.matchAll(/!?\[((?:[^\]`]|`[^`]*`)*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
            const target = m[2];
            if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, ...
            out.push({ line: line.number, text: m[1], target });
        }
    }
    return out;
}

/** What is wrong with the relative links of `file` (relative to root): a missing file, or an anchor that is no heading of its file. */
export function linkProblems(file: string, read: (file: string) => string | undefined): string[] {
    const text = read(file);
    if (text === undefined) return [`${file}: not found`];
    const problems: string[] = [];
    for (const link of relativeLinks(text)) {
        const hash = link.target.indexOf("#");
        const pathPart = hash < 0 ? link.target : link.target.slice(0, hash);
        const anchor = hash < 0 ? undefined : decodeURIComponent(link.target.slice(hash + 1));
        const targetFile = pathPart === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(pathPart)));
        const where = `${file}:${link.line}: [${link.text}](${link.target})`;
        const targetText = read(targetFile.replace(/\/$/, ""));
        if (targetText === undefined) {
            problems.push(`${where}: ${targetFile} does not exist`);
            continue;
        }
        if (anchor !== undefined && !anchors(targetText).includes(anchor)) {
            problems.push(`${where}: ${targetFile} has no heading with the anchor #${anchor}`);
        }
    }
    return problems;
}

/** The kinds of figure markers: `<!-- <kind>: <id> -->text<!-- /<kind> -->`. */
export const MARKER_KINDS = ["figure", "code", "plan"] as const;
export type MarkerKind = (typeof MARKER_KINDS)[number];

export interface Marker {
    kind: MarkerKind;
    id: string;
    text: string;
    line: number;
}

const MARKER = /<!-- (figure|code|plan): (.+?) -->(.*?)<!-- \/(figure|code|plan) -->/g;

/**
 * Every inline figure marker outside fenced code; a marker opens and closes on
 * one line, and never starts one (Markdown would take the line for an HTML
 * block and break the paragraph around it).
 */
export function markers(text: string): { markers: Marker[]; problems: string[] } {
    const found: Marker[] = [];
    const problems: string[] = [];
    for (const line of lines(text)) {
        if (line.fenced) continue;
        for (const m of line.text.matchAll(MARKER)) {
            if (m[1] !== m[4]) problems.push(`line ${line.number}: <!-- ${m[1]}: ${m[2]} --> is closed by <!-- /${m[4]} -->`);
            else found.push({ kind: m[1] as MarkerKind, id: m[2], text: m[3], line: line.number });
        }
        if (/^\s*<!-- (figure|code|plan): .*?-->.*<!-- \//.test(line.text)) {
            problems.push(`line ${line.number}: a figure marker starts the line, which Markdown renders as an HTML block: move a word before it`);
        }
        const rest = line.text.replace(MARKER, "");
        const stray = /<!-- \/?(figure|code|plan)\b/.exec(rest);
        // A block marker (`<!-- plan: ... -->` alone on its line, before a fenced block) is not inline.
        if (stray && !/^<!-- plan: [^>]*-->$/.test(line.text.trim())) {
            problems.push(`line ${line.number}: a figure marker that does not open and close on this line: ${line.text.trim()}`);
        }
    }
    return { markers: found, problems };
}

/**
 * The prose of a file as a person reads it, line by line: without fenced code
 * blocks, generated configuration tables and the text inside figure markers.
 */
export function prose(text: string): Line[] {
    let generated = false;
    const out: Line[] = [];
    for (const line of lines(text)) {
        if (line.fenced) continue;
        if (line.text.startsWith("<!-- generated: configuration table ")) generated = true;
        if (generated) {
            if (line.text.startsWith("<!-- end of generated table -->")) generated = false;
            continue;
        }
        out.push({ ...line, text: line.text.replace(MARKER, "") });
    }
    return out;
}

/** A stated time: a number (or range) followed by s, sec, seconds, min, minutes, h or hours, e.g. `~3 min`, `45 s`, `20-minute`. */
export const TIME_FIGURE = /(?<![\w.])\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+(?:[.,]\d+)?)?[\s-]*(?:s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?)\b/gi;

/** Time figures in the prose of a file, each with the line it starts on (a figure may wrap onto the next line): the ones no marker vouches for. */
export function unmarkedTimes(text: string): Array<{ line: number; figure: string }> {
    const kept = prose(text);
    const starts: number[] = [];
    let offset = 0;
    for (const line of kept) {
        starts.push(offset);
        offset += line.text.length + 1;
    }
    const joined = kept.map((l) => l.text).join("\n");
    return [...joined.matchAll(TIME_FIGURE)].map((m) => {
        let i = starts.length - 1;
        while (i > 0 && starts[i] > (m.index ?? 0)) i--;
        return { line: kept[i].number, figure: m[0].replace(/\s+/g, " ") };
    });
}

/** Seconds in a stated duration such as `20 minutes`, `20-minute`, `3 h`, `45 s`; undefined when the text is not one. */
export function durationSeconds(text: string): number | undefined {
    const m = /^(\d+(?:\.\d+)?)[\s-]*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?)$/i.exec(text.trim());
    if (!m) return undefined;
    const unit = m[2].toLowerCase();
    const scale = unit.startsWith("h") ? 3600 : unit.startsWith("m") ? 60 : 1;
    return Number(m[1]) * scale;
}
