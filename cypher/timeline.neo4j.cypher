// Question: What happened between two dates (to one entity, or to all)? Dated facts in date order; a fact about a dated event (a meeting, a launch) carries the event's date, named in dated_by.
// Param: since (date) - first date, ISO; a year or month takes all of it. Default: 0001
// Param: until (date) - last date, ISO; a year or month takes all of it. Default: 9999
// Param: entity (entity) - only facts with this entity at either end (id or name); * for every entity. Default: *
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: date, source, relationship, target, dated_by (the event whose date the fact takes, or null), date_note, evidence, doc_ids
// Neo4j form, as soekg runs it: the portable form reads and sorts every relationship (a million
// at 1M relationships). Here one entity's candidates are its own relationships (found through
// each label's id constraint); for every entity they come from the full-text index of sources
// (relationship_sources, each date one term) in two passes. The first walks the range in windows
// of ascending dates (the year alone, then each month, for ten years; the rest in one window)
// and stops at the skip + limit-th dated fact: no later date can be on the page. The second
// takes the range up to that date. Every candidate is then checked as in timeline.cypher.
CALL () {
  MATCH (n:Document|Agency|SOE|Company|ResearchBody|MediaOutlet|Person|Platform|AIModel|DataSpace|ComputingInfrastructure|Policy|Target|Outcome|Event|Initiative|Sector|Location)
  WHERE $entity <> '*' AND n.id = $entity
  MATCH (n)-[r]-()
  RETURN DISTINCT r
  UNION ALL
  // every entity: the first year of the range with a dated fact
  UNWIND CASE WHEN $entity = '*' THEN [toInteger(left($until, 4))] ELSE [] END AS y1
  CALL (y1) {
    UNWIND range(toInteger(left($since, 4)), y1) AS y
    CALL db.index.fulltext.queryRelationships('relationship_sources',
      'date:["' + right('000' + toString(y), 4) + '" TO "' + right('000' + toString(y), 4) + '\uffff"]')
      YIELD relationship AS r
    WITH y, r
    WHERE type(r) <> 'MENTIONS' AND left($since, size(r.date)) <= left(r.date, size($since))
      AND left(r.date, size($until)) <= left($until, size(r.date))
    RETURN y AS y0 LIMIT 1
  }
  // windows of ascending dates from there: the year alone, then each month, for ten years; the
  // rest in one (those wholly before $since or after $until left out)
  WITH y1, y0, CASE WHEN y1 < y0 + 9 THEN y1 ELSE y0 + 9 END AS y9
  WITH [w IN [w IN range(y0 * 13, y9 * 13 + 12) |
               CASE w % 13
                 WHEN 0 THEN [right('000' + toString(w / 13), 4), right('000' + toString(w / 13), 4)]
                 ELSE [right('000' + toString(w / 13), 4) + '-' + right('0' + toString(w % 13), 2),
                       right('000' + toString(w / 13), 4) + '-' + right('0' + toString(w % 13), 2) + '\uffff']
               END]
             + CASE WHEN y9 < y1 THEN [[right('000' + toString(y9 + 1), 4), left($until, 4) + '\uffff']] ELSE [] END
        WHERE (w[1] >= $since OR $since STARTS WITH w[0]) AND w[0] <= $until + '\uffff'] AS windows
  // the window holding the page's last fact, and how many of the page's facts it holds
  CALL (windows) {
    UNWIND range(0, size(windows) - 1) AS i
    CALL db.index.fulltext.queryRelationships('relationship_sources',
      'date:["' + windows[i][0] + '" TO "' + windows[i][1] + '"]') YIELD relationship AS r
    WITH i, r
    WHERE type(r) <> 'MENTIONS' AND left($since, size(r.date)) <= left(r.date, size($since))
      AND left(r.date, size($until)) <= left($until, size(r.date))
    WITH i LIMIT $skip + $limit
    WITH i, count(*) AS n ORDER BY i
    RETURN last(collect(i)) AS j, last(collect(n)) AS in_j
  }
  WITH windows, j, in_j WHERE j IS NOT NULL
  // the date the page ends at: in that window, the in_j-th earliest date
  CALL (windows, j, in_j) {
    CALL db.index.fulltext.queryRelationships('relationship_sources',
      'date:["' + windows[j][0] + '" TO "' + windows[j][1] + '"]') YIELD relationship AS r
    WITH r
    WHERE type(r) <> 'MENTIONS' AND left($since, size(r.date)) <= left(r.date, size($since))
      AND left(r.date, size($until)) <= left($until, size(r.date))
    WITH r.date AS date, count(*) AS n ORDER BY date
    WITH collect([date, n]) AS counts
    RETURN reduce(at = [null, 0], c IN counts |
             CASE WHEN at[1] >= in_j THEN at ELSE [c[0], at[1] + c[1]] END)[0] AS last
  }
  // the windows up to that one, that one up to that date
  UNWIND range(0, j) AS i
  CALL db.index.fulltext.queryRelationships('relationship_sources',
    'date:["' + windows[i][0] + '" TO "' + CASE i WHEN j THEN last ELSE windows[i][1] END + '"]')
    YIELD relationship AS r
  RETURN r
}
MATCH (a)-[r]->(b)
WHERE type(r) <> 'MENTIONS' AND r.date IS NOT NULL AND ($entity = '*' OR a.id = $entity OR b.id = $entity)
  // compared at the coarser precision of the two: until 2026 takes every day of 2026
  AND left($since, size(r.date)) <= left(r.date, size($since))
  AND left(r.date, size($until)) <= left($until, size(r.date))
RETURN r.date AS date, a.name AS source, type(r) AS relationship, b.name AS target,
       CASE r.dated_by WHEN a.id THEN a.name WHEN b.id THEN b.name END AS dated_by,
       r.date_note AS date_note, r.evidence AS evidence, r.doc_ids AS doc_ids
ORDER BY date, source, relationship, target, r.id
SKIP $skip LIMIT $limit
