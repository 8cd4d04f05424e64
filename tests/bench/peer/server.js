// The near-me benchmark's peer: what a Neo4j team would stand up instead of Kring's API,
// @neo4j/graphql 7 on Apollo Server, over the same database and the same stored shapes.
// NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and PORT come from the environment; it prints
// "PEER-READY <url>" once it answers. DEBUG=@neo4j/graphql:execute logs each Cypher statement.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

// Kring's labels, relationship and property names; `level` is stored as 1-3. Fields the
// discover list does not ask for are left out. `distanceKm`'s arguments are optional so that
// a query may sort by it (the library rejects sorting by fields with required arguments).
// Version 7 allows a single related node only when it is nullable.
const typeDefs = /* GraphQL */ `
  enum Domain {
    DIGITAL_LITERACY
    SUSTAINABILITY
    ENTREPRENEURIAL_SPIRIT
    RESEARCH
    GLOBAL_CITIZENSHIP
  }

  enum OpportunityStatus {
    DRAFT
    SUBMITTED
    PUBLISHED
    REJECTED
    CLOSED
    ARCHIVED
  }

  type Organisation @node {
    id: ID!
    name: String!
  }

  type Opportunity @node {
    id: ID!
    title: String!
    synopsis: String!
    domain: Domain!
    level: Int!
    status: OpportunityStatus!
    startsAt: DateTime!
    capacity: Int!
    address: String!
    location: Point!
    freePlaces: Int!
      @cypher(
        statement: "RETURN CASE WHEN this.capacity > coalesce(this.placesTaken, 0) THEN this.capacity - coalesce(this.placesTaken, 0) ELSE 0 END AS freePlaces"
        columnName: "freePlaces"
      )
    distanceKm(latitude: Float, longitude: Float): Float
      @cypher(
        statement: "RETURN point.distance(this.location, point({latitude: $latitude, longitude: $longitude})) / 1000.0 AS distanceKm"
        columnName: "distanceKm"
      )
    organisation: Organisation @relationship(type: "OFFERED_BY", direction: OUT)
  }
`;

const driver = neo4j.driver(
  process.env.NEO4J_URI,
  neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? ""),
);
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(process.env.PORT ?? 4000) },
});
console.log(`PEER-READY ${url}`);

async function stop() {
  await server.stop();
  await driver.close();
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
