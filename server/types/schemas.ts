// Generated from schemas/*.json by `npm run gen:types`. Do not edit.
/* eslint-disable */

/**
 * Every error answer. `code` is one of the SANAD_ERR_* codes listed in server/errors.ts.
 */

export interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  field?: string;
  details?: {
    [k: string]: unknown | undefined;
  };
}

/**
 * The multipart form of an evidence upload. `file` is the file part; every other field is text.
 */

export interface EvidenceUpload {
  /**
   * The file itself (a multipart file part).
   */
  file: {};
  /**
   * SHA-256 of the file as computed on the sender's device; a mismatch refuses the upload (422).
   */
  sha256?: string;
  description?: string;
  /**
   * How the file reached the documenter.
   */
  source?: "own-capture" | "messaging-app" | "url-download" | "device-handover" | "other";
  /**
   * Where the file was downloaded from (source url-download).
   */
  sourceUrl?: string;
  /**
   * Pseudonymous id of who collected it.
   */
  collectedBy?: string;
  /**
   * When it was collected: YYYY-MM-DD or an RFC 3339 date-time.
   */
  collectedAt?: string;
}

export interface Evidence {
  id: string;
  incidentId: string;
  sha256: string;
  sha512: string;
  size: number;
  /**
   * Detected from the content (magic numbers), never from the name.
   */
  mediaType: string;
  /**
   * The file name as sent; metadata only, never used as a path.
   */
  originalName: string;
  /**
   * Display name: no path, control or bidi-override characters, bounded length.
   */
  name: string;
  description?: string;
  source?: {
    type?: string;
    url?: string;
  };
  collectedBy?: string;
  collectedAt?: string;
  metadata: {
    status: "ok" | "none" | "unreadable" | "withheld";
    error?: string;
    /**
     * ISO-8601 with offset, or Z, when the instant is known.
     */
    capturedAt?: string;
    /**
     * YYYY-MM-DDTHH:mm:ss when the zone is unknown.
     */
    capturedAtLocal?: string;
    gps?: {
      lat: number;
      lon: number;
      alt?: number;
    };
    make?: string;
    model?: string;
    software?: string;
    orientation?: number;
    width?: number;
    height?: number;
    durationSeconds?: number;
    modifiedAt?: string;
    modifiedAtLocal?: string;
    raw?: {
      [k: string]: unknown | undefined;
    };
  };
  flags: string[];
  flagDetails?: {
    code?: string;
    message?: string;
  }[];
  /**
   * True when the store already held these exact bytes.
   */
  alreadyHeld?: boolean;
  /**
   * Other evidence records of the same bytes.
   */
  sameAs?: string[];
  /**
   * Ledger index of the ingest custody entry.
   */
  ingestIndex?: number;
  createdAt: string;
  createdBy?: string;
}

/**
 * How exactly the date is known: day, month, year, a range (from–to), or an estimate.
 */

export type Precision = "day" | "month" | "year" | "range" | "estimate";

export type ElementStatus = "not-assessed" | "alleged" | "partly-supported" | "supported" | "not-supported";

export type Status = "draft" | "under-review" | "verified";

/**
 * An incident as a documenter records it, after the HURIDOCS Events Standard Formats: what happened, when, where, to whom, by whom, and on what sources.
 */

export interface IncidentInput {
  title: string;
  narrative: string;
  /**
   * BCP 47 language tag, e.g. fa, fa-AF, ps, en.
   */
  narrativeLanguage: string;
  occurred: OccurredInput;
  location: Location;
  /**
   * Taxonomy ids (GET /api/v1/taxonomy). One incident may carry several.
   *
   * @maxItems 30
   */
  categories: string[];
  /**
   * @maxItems 30
   */
  tags?: string[];
  /**
   * @maxItems 30
   */
  qualifications?: Qualification[];
  victims?: Victims;
  /**
   * @maxItems 50
   */
  perpetrators?: Perpetrator[];
  /**
   * @maxItems 100
   */
  sources?: Source[];
  status?: Status;
  /**
   * @maxItems 20
   */
  patternIds?: string[];
}

export interface OccurredInput {
  /**
   * A calendar date, YYYY-MM-DD (Gregorian unless the enclosing object says solar-hijri; Persian and Arabic-Indic digits are accepted).
   */
  from: string;
  /**
   * A calendar date, YYYY-MM-DD (Gregorian unless the enclosing object says solar-hijri; Persian and Arabic-Indic digits are accepted).
   */
  to?: string;
  calendar?: "gregorian" | "solar-hijri";
  precision?: Precision;
}

export interface Location {
  /**
   * ISO 3166-2:AF province code.
   */
  province: string;
  district?: string;
  place?: string;
  lat?: number;
  lon?: number;
  /**
   * How exact the coordinates are.
   */
  coordinatePrecision?: "exact" | "approximate" | "settlement" | "district" | "province";
}
/**
 * A legal qualification of the incident under one taxonomy category, element by element.
 */

export interface Qualification {
  category: string;
  /**
   * @maxItems 30
   */
  elements?: {
    element: string;
    status: ElementStatus;
    note?: string;
  }[];
  assessor?: string;
  assessedAt?: string;
}
/**
 * Victims as counts; identities are person records, not stored here.
 */

export interface Victims {
  count?: number;
  countIsEstimate?: boolean;
  killed?: number;
  injured?: number;
  bySex?: CountMap;
  byAgeGroup?: CountMap;
  byEthnicity?: CountMap;
  byReligion?: CountMap;
}

export interface CountMap {
  [k: string]: number;
}

export interface Perpetrator {
  type: "de-facto-authorities" | "state-agent" | "armed-group" | "militia" | "individual" | "unknown";
  /**
   * Organ or body, e.g. gdi (General Directorate of Intelligence), mpvpv (Ministry for the Propagation of Virtue and Prevention of Vice), police, courts, army, prisons, local-administration.
   */
  organ?: string;
  unit?: string;
  involvement?: "direct" | "ordered" | "aided" | "acquiesced" | "alleged" | "unknown";
}

export interface Source {
  type:
    | "victim-testimony"
    | "witness-testimony"
    | "perpetrator-statement"
    | "photo-video"
    | "document"
    | "official-decree"
    | "media-report"
    | "ngo-report"
    | "un-report"
    | "social-media"
    | "other";
  /**
   * Reliability of the source (A reliable … E unreliable, F cannot be judged), after the admiralty code.
   */
  reliability?: "A" | "B" | "C" | "D" | "E" | "F";
  /**
   * Credibility of the information (1 confirmed … 5 improbable, 6 cannot be judged).
   */
  credibility?: number;
  description?: string;
}

export interface IncidentList {
  items: Incident[];
  /**
   * How many incidents match, ignoring limit and offset (capped by `totalCapped` for broad full-text queries).
   */
  total: number;
  totalCapped?: boolean;
  limit: number;
  offset: number;
}

export interface Incident {
  id: string;
  reference: string;
  revision: number;
  status: "draft" | "under-review" | "verified";
  retracted?: {
    at: string;
    by: string;
    reason: string;
  };
  title: string;
  narrative: string;
  narrativeLanguage: string;
  occurred: {
    from: string;
    to: string;
    /**
     * How exactly the date is known: day, month, year, a range (from–to), or an estimate.
     */
    precision: "day" | "month" | "year" | "range" | "estimate";
    fromSolarHijri: string;
    toSolarHijri: string;
    enteredAs?: "gregorian" | "solar-hijri";
  };
  location: {
    province: string;
    provinceName?: {
      en?: string;
      fa?: string;
      ps?: string;
    };
    district?: string;
    place?: string;
    lat?: number;
    lon?: number;
    coordinatePrecision?: string;
  };
  categories: string[];
  tags?: string[];
  qualifications?: Qualification[];
  victims?: Victims;
  perpetrators?: Perpetrator[];
  sources?: Source[];
  patternIds?: string[];
  /**
   * Codes computed by the server, e.g. OUTSIDE_ICC_JURISDICTION_WINDOW (conduct before 1 May 2003).
   */
  flags: string[];
  createdAt: string;
  updatedAt: string;
}
/**
 * A legal qualification of the incident under one taxonomy category, element by element.
 */

/**
 * Taxonomy ids (GET /api/v1/taxonomy). One incident may carry several.
 *
 * @maxItems 30
 */

export type Categories = string[];
/**
 * @maxItems 30
 */

export type Tags = string[];
/**
 * @maxItems 30
 */

export type Qualifications = Qualification[];
/**
 * @maxItems 50
 */

export type Perpetrators = Perpetrator[];
/**
 * @maxItems 100
 */

export type Sources = Source[];
/**
 * @maxItems 20
 */

export type PatternIds = string[];

/**
 * A change to an incident: each top-level field given replaces the stored one whole; fields left out are kept.
 */

export interface IncidentPatch {
  title?: string;
  narrative?: string;
  /**
   * BCP 47 language tag, e.g. fa, fa-AF, ps, en.
   */
  narrativeLanguage?: string;
  occurred?: Occurred;
  location?: Location;
  categories?: Categories;
  tags?: Tags;
  qualifications?: Qualifications;
  victims?: Victims;
  perpetrators?: Perpetrators;
  sources?: Sources;
  status?: "draft" | "under-review" | "verified";
  patternIds?: PatternIds;
  /**
   * Why the change was made; kept with the revision.
   */
  reason?: string;
  /**
   * The revision the edit started from; a newer stored revision makes the change fail with 409 instead of silently overwriting someone else's edit.
   */
  baseRevision?: number;
}

export interface Occurred {
  /**
   * A calendar date, YYYY-MM-DD (Gregorian unless the enclosing object says solar-hijri; Persian and Arabic-Indic digits are accepted).
   */
  from: string;
  /**
   * A calendar date, YYYY-MM-DD (Gregorian unless the enclosing object says solar-hijri; Persian and Arabic-Indic digits are accepted).
   */
  to?: string;
  calendar?: "gregorian" | "solar-hijri";
  /**
   * How exactly the date is known: day, month, year, a range (from–to), or an estimate.
   */
  precision?: "day" | "month" | "year" | "range" | "estimate";
}

export interface IncidentQuery {
  /**
   * Full-text query over title, narrative and place; Arabic and Persian letter variants, diacritics and digits are folded.
   */
  q?: string;
  category?: string;
  /**
   * Crime group, e.g. crimes-against-humanity.
   */
  group?: string;
  /**
   * ISO 3166-2:AF province code.
   */
  province?: string;
  /**
   * Incidents that may have happened on or after this Gregorian date.
   */
  from?: string;
  /**
   * Incidents that may have happened on or before this Gregorian date.
   */
  to?: string;
  /**
   * A victim group with a non-zero count, e.g. hazara, female, child.
   */
  victimGroup?: string;
  perpetratorType?: string;
  status?: "draft" | "under-review" | "verified" | "retracted";
  pattern?: string;
  limit?: number;
  offset?: number;
}

/**
 * The context many incidents share — a widespread or systematic attack on a civilian population and the policy behind it — recorded once and linked from incidents, since these contextual elements belong to the pattern, not to one incident.
 */

export interface PatternInput {
  title: string;
  description: string;
  /**
   * BCP 47 language tag, e.g. fa, fa-AF, ps, en.
   */
  descriptionLanguage?: string;
  /**
   * @maxItems 30
   */
  categories?: string[];
  attack?: {
    widespread?: boolean;
    systematic?: boolean;
    targetedPopulation?: string;
    period?: {
      from: string;
      to?: string;
    };
    /**
     * @maxItems 34
     */
    provinces?: string[];
  };
  /**
   * Decrees, orders, statements showing a State or organisational policy.
   *
   * @maxItems 200
   */
  policyEvidence?: {
    title: string;
    issuedBy?: string;
    issuedOn?: string;
    summary?: string;
    reference?: string;
  }[];
}

export interface Retraction {
  reason: string;
}
