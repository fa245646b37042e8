// The files a sandbox job "makes": tiny but valid PNG images, MP4 videos, WAV audio and glTF models,
// built from bytes in code (no ffmpeg, no fixtures), so that a URL a job returns can be downloaded and
// opened. Each file is a flat colour picked from a seed, so two outputs are told apart at a glance.
import { deflateSync } from "node:zlib";

/** The media type and file extension of each output kind. */
export const MEDIA = {
  image: { type: "image/png", extension: "png" },
  video: { type: "video/mp4", extension: "mp4" },
  audio: { type: "audio/wav", extension: "wav" },
  model3d: { type: "model/gltf+json", extension: "gltf" },
};

/** A colour from any string, stable across runs. */
export function colourOf(seed) {
  let hash = 2166136261;
  for (const char of String(seed)) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return [hash & 0xff, (hash >>> 8) & 0xff, (hash >>> 16) & 0xff];
}

/** The file of one output kind, for `seed`. */
export function makeMedia(kind, seed) {
  switch (kind) {
    case "video":
      return makeMp4(colourOf(seed));
    case "audio":
      return makeWav();
    case "model3d":
      return Buffer.from(JSON.stringify({ asset: { version: "2.0", generator: "studiokit sandbox" }, scenes: [{ nodes: [] }], scene: 0 }));
    default:
      return makePng(colourOf(seed));
  }
}

// ---- PNG -------------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG chunks need it (node:zlib only has crc32 from Node 22 on). */
export function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGB PNG of one colour. */
export function makePng([r, g, b], width = 64, height = 64) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const row = Buffer.alloc(1 + width * 3); // filter byte 0, then the pixels
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(pixels)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---- WAV -------------------------------------------------------------------------------------------

/** Half a second of 8 kHz 8-bit mono silence. */
export function makeWav(samples = 4000) {
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + samples, 4);
  header.write("WAVEfmt ", 8, "ascii");
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24); // sample rate
  header.writeUInt32LE(8000, 28); // byte rate
  header.writeUInt16LE(1, 32); // block align
  header.writeUInt16LE(8, 34); // bits per sample
  header.write("data", 36, "ascii");
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, Buffer.alloc(samples, 0x80)]);
}

// ---- MP4 (H.264) -----------------------------------------------------------------------------------
// One second of video, one frame: an H.264 Baseline stream whose macroblocks are all I_PCM (raw
// samples, no prediction or transform), which is the smallest encoder that still yields a stream any
// player decodes. The container is the minimal ISO BMFF a player needs: ftyp, moov with one video
// track (sample tables for one sync sample), and mdat.

class BitWriter {
  constructor() {
    this.bytes = [];
    this.current = 0;
    this.count = 0;
  }
  bit(value) {
    this.current = (this.current << 1) | (value & 1);
    if (++this.count === 8) {
      this.bytes.push(this.current);
      this.current = 0;
      this.count = 0;
    }
  }
  bits(value, width) {
    for (let i = width - 1; i >= 0; i--) this.bit((value >>> i) & 1);
  }
  /** Unsigned Exp-Golomb. */
  ue(value) {
    const coded = value + 1;
    const width = 32 - Math.clz32(coded);
    this.bits(0, width - 1);
    this.bits(coded, width);
  }
  se(value) {
    this.ue(value <= 0 ? -2 * value : 2 * value - 1);
  }
  alignZero() {
    while (this.count !== 0) this.bit(0);
  }
  trailing() {
    this.bit(1);
    this.alignZero();
  }
  done() {
    return Buffer.from(this.bytes);
  }
}

/** Inserts emulation-prevention bytes (00 00 0x → 00 00 03 0x) into a NAL payload. */
function escapeNal(payload) {
  const out = [];
  let zeros = 0;
  for (const byte of payload) {
    if (zeros >= 2 && byte <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return Buffer.from(out);
}

function rgbToYuv([r, g, b]) {
  const clamp = (value) => Math.max(1, Math.min(254, Math.round(value)));
  return [
    clamp(16 + (65.738 * r + 129.057 * g + 25.064 * b) / 256),
    clamp(128 + (-37.945 * r - 74.494 * g + 112.439 * b) / 256),
    clamp(128 + (112.439 * r - 94.154 * g - 18.285 * b) / 256),
  ];
}

function h264Frame(colour, widthMbs, heightMbs) {
  const sps = new BitWriter();
  sps.bits(66, 8); // profile_idc: Baseline
  sps.bits(0b11000000, 8); // constraint_set0/1 flags
  sps.bits(10, 8); // level_idc 1.0
  sps.ue(0); // seq_parameter_set_id
  sps.ue(0); // log2_max_frame_num_minus4
  sps.ue(2); // pic_order_cnt_type
  sps.ue(1); // max_num_ref_frames
  sps.bit(0); // gaps_in_frame_num_value_allowed_flag
  sps.ue(widthMbs - 1);
  sps.ue(heightMbs - 1);
  sps.bit(1); // frame_mbs_only_flag
  sps.bit(1); // direct_8x8_inference_flag
  sps.bit(0); // frame_cropping_flag
  sps.bit(0); // vui_parameters_present_flag
  sps.trailing();

  const pps = new BitWriter();
  pps.ue(0); // pic_parameter_set_id
  pps.ue(0); // seq_parameter_set_id
  pps.bit(0); // entropy_coding_mode_flag: CAVLC
  pps.bit(0); // bottom_field_pic_order_in_frame_present_flag
  pps.ue(0); // num_slice_groups_minus1
  pps.ue(0); // num_ref_idx_l0_default_active_minus1
  pps.ue(0); // num_ref_idx_l1_default_active_minus1
  pps.bit(0); // weighted_pred_flag
  pps.bits(0, 2); // weighted_bipred_idc
  pps.se(0); // pic_init_qp_minus26
  pps.se(0); // pic_init_qs_minus26
  pps.se(0); // chroma_qp_index_offset
  pps.bit(1); // deblocking_filter_control_present_flag
  pps.bit(0); // constrained_intra_pred_flag
  pps.bit(0); // redundant_pic_cnt_present_flag
  pps.trailing();

  const [y, u, v] = rgbToYuv(colour);
  const slice = new BitWriter();
  slice.ue(0); // first_mb_in_slice
  slice.ue(7); // slice_type: I (all slices of the picture)
  slice.ue(0); // pic_parameter_set_id
  slice.bits(0, 4); // frame_num (log2_max_frame_num = 4)
  slice.ue(0); // idr_pic_id
  slice.bit(0); // no_output_of_prior_pics_flag
  slice.bit(0); // long_term_reference_flag
  slice.se(0); // slice_qp_delta
  slice.ue(1); // disable_deblocking_filter_idc: off
  for (let mb = 0; mb < widthMbs * heightMbs; mb++) {
    slice.ue(25); // mb_type I_PCM
    slice.alignZero(); // pcm_alignment_zero_bits
    for (let i = 0; i < 256; i++) slice.bits(y, 8);
    for (let i = 0; i < 64; i++) slice.bits(u, 8);
    for (let i = 0; i < 64; i++) slice.bits(v, 8);
  }
  slice.trailing();

  return {
    sps: Buffer.concat([Buffer.from([0x67]), escapeNal(sps.done())]),
    pps: Buffer.concat([Buffer.from([0x68]), escapeNal(pps.done())]),
    idr: Buffer.concat([Buffer.from([0x65]), escapeNal(slice.done())]),
  };
}

const u32 = (value) => {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0);
  return buffer;
};
const u16 = (value) => {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16BE(value);
  return buffer;
};
const box = (type, ...parts) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, "ascii"), body]);
};
const fullBox = (type, version, flags, ...parts) => box(type, Buffer.from([version, (flags >> 16) & 0xff, (flags >> 8) & 0xff, flags & 0xff]), ...parts);
const MATRIX = Buffer.concat([u32(0x00010000), u32(0), u32(0), u32(0), u32(0x00010000), u32(0), u32(0), u32(0), u32(0x40000000)]);

/** A one-second, one-frame MP4 of one colour (32×32). */
export function makeMp4(colour, widthMbs = 2, heightMbs = 2) {
  const width = widthMbs * 16;
  const height = heightMbs * 16;
  const { sps, pps, idr } = h264Frame(colour, widthMbs, heightMbs);
  const sample = Buffer.concat([u32(idr.length), idr]); // 4-byte length-prefixed NAL unit
  const timescale = 1000;
  const duration = 1000;

  const ftyp = box("ftyp", Buffer.from("isom", "ascii"), u32(0x200), Buffer.from("isomiso2avc1mp41", "ascii"));
  const avcC = box(
    "avcC",
    Buffer.from([1, sps[1], sps[2], sps[3], 0xff, 0xe1]),
    u16(sps.length),
    sps,
    Buffer.from([1]),
    u16(pps.length),
    pps,
  );
  const avc1 = box(
    "avc1",
    Buffer.alloc(6), // reserved
    u16(1), // data_reference_index
    Buffer.alloc(16), // pre_defined, reserved
    u16(width),
    u16(height),
    u32(0x00480000), // 72 dpi
    u32(0x00480000),
    u32(0), // reserved
    u16(1), // frame_count
    Buffer.alloc(32), // compressorname
    u16(0x18), // depth
    Buffer.from([0xff, 0xff]), // pre_defined -1
    avcC,
  );
  const stsd = fullBox("stsd", 0, 0, u32(1), avc1);
  const stts = fullBox("stts", 0, 0, u32(1), u32(1), u32(duration));
  const stss = fullBox("stss", 0, 0, u32(1), u32(1));
  const stsc = fullBox("stsc", 0, 0, u32(1), u32(1), u32(1), u32(1));
  const stsz = fullBox("stsz", 0, 0, u32(0), u32(1), u32(sample.length));
  // The chunk offset depends on the size of everything before mdat; patched in below.
  const buildMoov = (chunkOffset) => {
    const stco = fullBox("stco", 0, 0, u32(1), u32(chunkOffset));
    const stbl = box("stbl", stsd, stts, stss, stsc, stsz, stco);
    const dinf = box("dinf", fullBox("dref", 0, 0, u32(1), fullBox("url ", 0, 1)));
    const minf = box("minf", fullBox("vmhd", 0, 1, Buffer.alloc(8)), dinf, stbl);
    const hdlr = fullBox("hdlr", 0, 0, u32(0), Buffer.from("vide", "ascii"), Buffer.alloc(12), Buffer.from("VideoHandler\0", "ascii"));
    const mdhd = fullBox("mdhd", 0, 0, u32(0), u32(0), u32(timescale), u32(duration), u16(0x55c4), u16(0));
    const mdia = box("mdia", mdhd, hdlr, minf);
    const tkhd = fullBox("tkhd", 0, 3, u32(0), u32(0), u32(1), u32(0), u32(duration), Buffer.alloc(8), u16(0), u16(0), u16(0), u16(0), MATRIX, u32(width << 16), u32(height << 16));
    const trak = box("trak", tkhd, mdia);
    const mvhd = fullBox("mvhd", 0, 0, u32(0), u32(0), u32(timescale), u32(duration), u32(0x00010000), u16(0x0100), Buffer.alloc(10), MATRIX, Buffer.alloc(24), u32(2));
    return box("moov", mvhd, trak);
  };
  const moovSize = buildMoov(0).length;
  const moov = buildMoov(ftyp.length + moovSize + 8);
  return Buffer.concat([ftyp, moov, box("mdat", sample)]);
}
