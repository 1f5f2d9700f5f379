// Types of system-tools.mjs (plain JavaScript so `pretest` runs it before anything is built).
export type SystemTool =
  | 'pdftotext'
  | 'pdfinfo'
  | 'pdfdetach'
  | 'pdftoppm'
  | 'pdfsig'
  | 'qpdf'
  | 'chromium'
  | 'openssl'
  | 'python3'
  | 'unzip'
  | 'setpriv'
  | 'gpg'
  | 'gpgconf'
export declare const SYSTEM_TOOLS: Readonly<Record<SystemTool, { package: string; path?: string }>>
export declare function packagesFor(tools: readonly SystemTool[]): string[]
export declare function onPath(command: string, path?: string): string | null
export declare function hasTool(tool: SystemTool): boolean
export declare function missingTools(has?: (tool: SystemTool) => boolean): SystemTool[]
export declare function isCi(env?: Record<string, string | undefined>): boolean
export declare function installHint(packages: readonly string[]): string
export type InstallPlan =
  | { action: 'none' }
  | { action: 'install'; packages: string[] }
  | { action: 'refuse'; packages: string[]; message: string }
export declare function installPlan(input: { missing: readonly SystemTool[]; ci: boolean; root: boolean; apt: boolean }): InstallPlan
export type ToolVerdict = { action: 'run' } | { action: 'fail' | 'skip'; message: string }
export declare function toolVerdict(input: { tools: readonly SystemTool[]; missing: readonly SystemTool[]; ci: boolean }): ToolVerdict
