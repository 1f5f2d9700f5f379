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
