//! Shaping one line of text into positioned glyphs, in the order they are drawn.
//!
//! 1. Bidi (unicode-bidi): a line is right to left if all its strong letters are (a line of
//!    Arabic or Hebrew), else left to right like the document (a label or a list with an Arabic
//!    alias in it); the line is cut into level runs, put in visual order.
//! 2. Fonts: each cluster (a character and the marks and joiners after it) takes the first face
//!    of the weight's chain that has all its characters; spaces and punctuation keep the face of
//!    the cluster before them when it has them. A cluster no face has becomes the marker
//!    ([`super::fonts::MISSING_MARKER`]) and keeps its text for the text layer.
//! 3. Shaping (harfrust): each run of one face, one script and one direction is shaped; glyph
//!    ids and advances come from the shaper (ligatures, Arabic joining forms, kerning, marks).
//!
//! The result is a list of clusters in visual order, each with its glyphs and its text.
use std::collections::HashMap;
use std::ops::Range;

use harfrust::{Buffer, Direction, Script, ShapeOptions, ShapePlan, ShaperFont};
use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};

use super::Weight;
use super::fonts::{Faces, MISSING_MARKER};

/// One glyph, in thousandths of an em.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Glyph {
    pub(super) id: u16,
    pub(super) advance: f32,
    pub(super) dx: f32,
    pub(super) dy: f32,
}

/// The glyphs of one cluster, drawn with one face, and the text they stand for.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Cluster {
    pub(super) face: usize,
    pub(super) glyphs: Vec<Glyph>,
    pub(super) text: String,
    /// No face has this text: the glyph is the marker.
    pub(super) missing: bool,
    /// In a right-to-left run (its glyphs are in visual order, the reverse of its text's).
    pub(super) rtl: bool,
}

/// A shaped line: clusters in visual (left-to-right drawing) order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Shaped {
    pub(super) clusters: Vec<Cluster>,
    /// The whole advance, in thousandths of an em.
    pub(super) width: f32,
    /// The line's base direction is right to left.
    pub(super) rtl: bool,
}

/// A piece of a level run: one face and one script, in logical order.
struct Segment {
    range: Range<usize>,
    face: Option<usize>,
}

/// Shapes lines, keeping shape plans per face, direction and script.
#[derive(Default)]
pub(super) struct Shaper {
    plans: HashMap<(usize, bool, Option<Script>), ShapePlan>,
}

/// Characters that never decide a font: joiners and variation selectors.
fn ignorable(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
        || ('\u{E0100}'..='\u{E01EF}').contains(&c)
}

/// Whether `c` continues the cluster before it (a combining mark, a joiner, a selector).
fn continues(c: char) -> bool {
    ignorable(c) || harfrust::unicode::combining_class(u32::from(c)) != 0
}

/// The script of `c`, `None` for characters every script uses (spaces, digits, punctuation).
fn script(c: char) -> Option<Script> {
    let s = harfrust::unicode::script(u32::from(c));
    (s != Script::COMMON && s != Script::INHERITED && s != Script::UNKNOWN).then_some(s)
}

/// The base direction of a line: right to left if its strong letters are all right-to-left
/// (a line of Arabic or Hebrew), else left to right, as the document is (so a list that starts
/// with an Arabic alias and goes on with a Latin or Chinese one keeps its order).
fn base_level(text: &str) -> Level {
    let mut rtl = false;
    for c in text.chars() {
        match bidi_class(c) {
            BidiClass::L => return Level::ltr(),
            BidiClass::R | BidiClass::AL => rtl = true,
            _ => {}
        }
    }
    if rtl { Level::rtl() } else { Level::ltr() }
}

/// The clusters of `text` (byte ranges, relative to `text`).
fn clusters(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        match out.last_mut() {
            Some(last) if continues(c) => last.end = end,
            _ => out.push(i..end),
        }
    }
    out
}

impl Shaper {
    /// Shape one line (no newlines) in `weight` with `faces`.
    pub(super) fn line(&mut self, faces: &Faces, text: &str, weight: Weight) -> Shaped {
        if text.is_empty() {
            return Shaped::default();
        }
        // One line is one bidi paragraph: a paragraph separator (never expected: the document
        // model escapes control characters) is shaped as a space.
        let separator =
            |c: char| matches!(c, '\n' | '\r' | '\u{1c}'..='\u{1e}' | '\u{85}' | '\u{2029}');
        let owned;
        let text = if text.contains(separator) {
            owned = text.replace(separator, " ");
            owned.as_str()
        } else {
            text
        };
        let bidi = ParagraphBidiInfo::new(text, Some(base_level(text)));
        let (levels, runs) = bidi.visual_runs(0..text.len());
        let mut out = Shaped {
            rtl: bidi.paragraph_level.is_rtl(),
            ..Shaped::default()
        };
        for run in runs {
            let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
            let mut segments = segments(faces, text, run, weight);
            if rtl {
                segments.reverse();
            }
            for seg in segments {
                self.segment(faces, text, &seg, rtl, weight, &mut out.clusters);
            }
        }
        out.width = out
            .clusters
            .iter()
            .flat_map(|c| &c.glyphs)
            .map(|g| g.advance)
            .sum();
        out
    }

    /// Shape one segment, appending its clusters in visual order.
    fn segment(
        &mut self,
        faces: &Faces,
        text: &str,
        seg: &Segment,
        rtl: bool,
        weight: Weight,
        out: &mut Vec<Cluster>,
    ) {
        let part = &text[seg.range.clone()];
        let Some(face_index) = seg.face else {
            let mut missing: Vec<Cluster> = clusters(part)
                .into_iter()
                .map(|r| marker(faces, &part[r], weight))
                .collect();
            if rtl {
                missing.reverse();
            }
            out.extend(missing);
            return;
        };
        let face = &faces.faces[face_index];
        let mut buffer = Buffer::new();
        buffer.push_str(part);
        buffer.set_pre_context(&text[..seg.range.start]);
        buffer.set_post_context(&text[seg.range.end..]);
        buffer.set_direction(if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        });
        buffer.guess_segment_properties();
        let script = buffer.script();
        let plan = self
            .plans
            .entry((face_index, rtl, script))
            .or_insert_with(|| {
                let direction = if rtl {
                    Direction::RightToLeft
                } else {
                    Direction::LeftToRight
                };
                ShapePlan::new(&face.font, direction, script, None, &[])
            });
        let shaper = ShaperFont::new(&face.font);
        if harfrust::shape(&shaper, &mut buffer, ShapeOptions::new().plan(Some(plan))).is_err() {
            // A font the shaper cannot use: the marker, with the text kept.
            out.extend(
                clusters(part)
                    .into_iter()
                    .map(|r| marker(faces, &part[r], weight)),
            );
            return;
        }
        let scale = 1000.0 / face.upem;
        // Cluster starts in logical order, to find where each cluster's text ends.
        let mut starts: Vec<usize> = buffer
            .glyph_infos()
            .iter()
            .map(|g| g.cluster as usize)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let text_of = |start: usize| {
            let end = starts
                .iter()
                .find(|s| **s > start)
                .copied()
                .unwrap_or(part.len());
            part.get(start..end).unwrap_or_default().to_string()
        };
        let mut current: Option<(u32, Cluster)> = None;
        for (info, pos) in buffer.glyph_infos().iter().zip(buffer.glyph_positions()) {
            let glyph = Glyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: pos.x_advance as f32 * scale,
                dx: pos.x_offset as f32 * scale,
                dy: pos.y_offset as f32 * scale,
            };
            match &mut current {
                Some((c, cluster)) if *c == info.cluster => cluster.glyphs.push(glyph),
                _ => {
                    out.extend(current.take().map(|(_, c)| c));
                    current = Some((
                        info.cluster,
                        Cluster {
                            face: face_index,
                            glyphs: vec![glyph],
                            text: text_of(info.cluster as usize),
                            missing: false,
                            rtl,
                        },
                    ));
                }
            }
        }
        out.extend(current.map(|(_, c)| c));
    }
}

/// The face of each cluster of `run`, joined into segments of one face and one script.
fn segments(faces: &Faces, text: &str, run: Range<usize>, weight: Weight) -> Vec<Segment> {
    let has = |face: usize, part: &str| {
        part.chars()
            .filter(|c| !ignorable(*c))
            .all(|c| faces.faces[face].glyph(c).is_some())
    };
    let mut out: Vec<Segment> = Vec::new();
    let mut run_script = None;
    for cl in clusters(&text[run.clone()]) {
        let range = run.start + cl.start..run.start + cl.end;
        let part = &text[range.clone()];
        let own = part.chars().find_map(script);
        let prev = out.last().and_then(|s| s.face);
        let face = match (own, prev) {
            (None, Some(p)) if has(p, part) => Some(p),
            _ => faces.chain(weight).find(|f| has(*f, part)),
        };
        let same_script = own.is_none() || run_script.is_none() || own == run_script;
        match out.last_mut() {
            Some(last) if last.face == face && face.is_some() && same_script => {
                last.range.end = range.end;
            }
            _ => {
                run_script = None;
                out.push(Segment { range, face });
            }
        }
        if own.is_some() {
            run_script = own;
        }
    }
    out
}

/// The marker drawn for `text`, which no face has.
fn marker(faces: &Faces, text: &str, weight: Weight) -> Cluster {
    let face_index = Faces::primary(weight);
    let face = &faces.faces[face_index];
    let id = face
        .glyph(MISSING_MARKER)
        .or_else(|| face.glyph('?'))
        .map_or(0, |g| g.to_u32());
    Cluster {
        face: face_index,
        glyphs: vec![Glyph {
            id: u16::try_from(id).unwrap_or(0),
            advance: face.advance(id),
            dx: 0.0,
            dy: 0.0,
        }],
        text: text.to_string(),
        missing: true,
        rtl: false,
    }
}
