import type { JSX } from 'preact'
import { useId, useRef, useState } from 'preact/hooks'
import { useApp } from '../context.ts'

/**
 * Drop files here or choose them with the keyboard: a real file input (labelled) inside a drop area.
 */
export function DropZone(props: {
  label: string
  hint: string
  multiple?: boolean
  onFiles: (files: File[]) => void
  testId?: string
}): JSX.Element {
  const { t } = useApp()
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  const [over, setOver] = useState(false)
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the drop area is for the mouse; the labelled file input inside it is the keyboard's way
    <div
      class={`drop-zone${over ? ' drop-over' : ''}`}
      data-testid={props.testId}
      onDragOver={(e) => {
        e.preventDefault()
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault()
        setOver(false)
        const files = [...(e.dataTransfer?.files ?? [])]
        if (files.length > 0) props.onFiles(props.multiple === false ? files.slice(0, 1) : files)
      }}
    >
      <p class="drop-label" id={`${id}-label`}>
        {props.label}
      </p>
      <p class="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      <input
        ref={input}
        id={id}
        class="visually-hidden-input"
        type="file"
        multiple={props.multiple !== false}
        aria-describedby={`${id}-label ${id}-hint`}
        onChange={(e) => {
          const el = e.currentTarget as HTMLInputElement
          const files = [...(el.files ?? [])]
          if (files.length > 0) props.onFiles(files)
          el.value = ''
        }}
      />
      <label class="button secondary" for={id}>
        {t('upload.choose')}
      </label>
    </div>
  )
}
