// Lint Cypher statements with Neo4j's own front end (@neo4j-cypher/language-support).
// Input on stdin: {"schema": {...DbSchema}, "statements": [{"source", "query", "parameters"}]}.
// Prints one line per problem ("source: error|warning: message") and exits 1 if there is any.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { schema, statements } = JSON.parse(Buffer.concat(chunks).toString('utf8'));

let problems = 0;
for (const { source, query, parameters } of statements) {
  const result = lintCypherQuery(query, { ...schema, parameters: parameters ?? {} });
  for (const d of result.diagnostics ?? result) {
    problems += 1;
    const level = d.severity === 1 ? 'error' : 'warning';
    console.log(`${source}: ${level}: ${d.message.split('\n')[0]}`);
  }
}
console.log(`${statements.length} statements checked, ${problems} problems`);
process.exit(problems ? 1 : 0);
