import type { GraphQLClient } from '../graphql';
import type { Filter, Rec } from './lists';

/** How one resource is read and written: its list whole (then paged here) or paged by the server. */
export interface ResourceDef {
  /** The whole list, given the react-admin filter (parent ids pass through to the API). */
  all?: (gql: GraphQLClient, filter: Filter) => Promise<Rec[]>;
  /** A server-paged list with its total. */
  page?: (gql: GraphQLClient, filter: Filter, limit: number, offset: number) => Promise<{ items: Rec[]; total?: number }>;
  /** The API pages this list but gives no total: react-admin's partial pagination (next page or not). */
  uncounted?: boolean;
  one?: (gql: GraphQLClient, id: string) => Promise<Rec>;
  create?: (gql: GraphQLClient, data: Filter) => Promise<Rec>;
  update?: (gql: GraphQLClient, id: string, data: Filter, previous: Filter) => Promise<Rec>;
  delete?: (gql: GraphQLClient, id: string) => Promise<Rec>;
}
