/** A message box: an error (announced at once), a warning, or information with what to do next. */
import type { ComponentChildren } from "preact";

export function Notice(props: { kind: "error" | "warning" | "info"; title?: string; children?: ComponentChildren }) {
  const icon = props.kind === "error" ? "✗" : props.kind === "warning" ? "⚠" : "ℹ";
  return (
    <div class={`notice ${props.kind}`} role={props.kind === "error" ? "alert" : "status"}>
      <span class="icon" aria-hidden="true">
        {icon}
      </span>
      <div>
        {props.title && <strong class="title">{props.title}</strong>}
        <div>{props.children}</div>
      </div>
    </div>
  );
}
