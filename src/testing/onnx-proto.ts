/**
 * A minimal ONNX writer for test models: a hand-rolled protobuf encoder (varints and length-delimited
 * fields) and the few ONNX messages a one-graph model needs (ModelProto, GraphProto, NodeProto,
 * TensorProto with raw_data, ValueInfoProto with symbolic or fixed dims). Field numbers follow onnx.proto.
 */

/** Protobuf bytes under construction: append fields, then `bytes()`. */
export class ProtoWriter {
  private parts: Uint8Array[] = [];

  private push(bytes: Uint8Array): this {
    this.parts.push(bytes);
    return this;
  }

  private static varintBytes(value: number | bigint): Uint8Array {
    let v = BigInt.asUintN(64, BigInt(value)); // negatives as two's complement, as protobuf int64 does
    const out: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      out.push(byte);
    } while (v !== 0n);
    return Uint8Array.from(out);
  }

  private key(field: number, wireType: 0 | 2 | 5): this {
    return this.push(ProtoWriter.varintBytes((field << 3) | wireType));
  }

  /** A varint field (int32, int64, enum, bool). */
  varint(field: number, value: number | bigint): this {
    return this.key(field, 0).push(ProtoWriter.varintBytes(value));
  }

  /** A length-delimited field holding raw bytes. */
  bytesField(field: number, value: Uint8Array): this {
    return this.key(field, 2).push(ProtoWriter.varintBytes(value.length)).push(value);
  }

  string(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  /** An embedded message field. */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytesField(field, inner.bytes());
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of this.parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }
}

/** onnx.TensorProto.DataType values used here. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

/** A graph input or output: a name, an element type and dims (a string is a symbolic dim). */
export interface ValueInfo {
  name: string;
  elemType: number;
  dims: (number | string)[];
}

/** A float32 constant (an initializer). */
export interface Initializer {
  name: string;
  dims: number[];
  data: Float32Array;
}

export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  /** Integer attributes (e.g. Gather's `axis`). */
  intAttributes?: Record<string, number>;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: Initializer[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** Default opset version of the "" (ai.onnx) domain. */
  opset?: number;
  irVersion?: number;
}

function writeValueInfo(w: ProtoWriter, v: ValueInfo): void {
  w.string(1, v.name); // ValueInfoProto.name
  w.message(
    2,
    (
      type, // ValueInfoProto.type: TypeProto
    ) =>
      type.message(1, (tensor) => {
        // TypeProto.tensor_type
        tensor.varint(1, v.elemType); // Tensor.elem_type
        tensor.message(2, (shape) => {
          // Tensor.shape: TensorShapeProto
          for (const d of v.dims) {
            shape.message(1, (dim) => (typeof d === "string" ? dim.string(2, d) : dim.varint(1, d))); // dim_param / dim_value
          }
        });
      }),
  );
}

function writeTensor(w: ProtoWriter, t: Initializer): void {
  for (const d of t.dims) w.varint(1, d); // dims
  w.varint(2, ONNX_FLOAT); // data_type
  w.string(8, t.name); // name
  const raw = new Uint8Array(t.data.length * 4);
  const view = new DataView(raw.buffer);
  t.data.forEach((x, i) => view.setFloat32(i * 4, x, true)); // raw_data is little-endian
  w.bytesField(9, raw); // raw_data
}

function writeNode(w: ProtoWriter, n: OnnxNode): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.opType);
  for (const [name, value] of Object.entries(n.intAttributes ?? {})) {
    w.message(5, (a) => {
      a.string(1, name); // AttributeProto.name
      a.varint(3, value); // AttributeProto.i
      a.varint(20, 2); // AttributeProto.type = INT
    });
  }
}

/** The bytes of an ONNX ModelProto holding one graph. */
export function onnxModel(graph: OnnxGraph): Uint8Array {
  const w = new ProtoWriter();
  w.varint(1, graph.irVersion ?? 8); // ir_version
  w.string(2, "auditllm-test"); // producer_name
  w.message(7, (g) => {
    // graph
    for (const n of graph.nodes) g.message(1, (m) => writeNode(m, n));
    g.string(2, graph.name);
    for (const t of graph.initializers) g.message(5, (m) => writeTensor(m, t));
    for (const v of graph.inputs) g.message(11, (m) => writeValueInfo(m, v));
    for (const v of graph.outputs) g.message(12, (m) => writeValueInfo(m, v));
  });
  w.message(8, (o) => {
    // opset_import
    o.string(1, "");
    o.varint(2, graph.opset ?? 17);
  });
  return w.bytes();
}
