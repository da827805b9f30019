/**
 * Shopify's calculated query cost, from its documented rules, for the Admin API endpoint's `extensions.cost` (test
 * fake and dev store) and for tests that keep documents under the 1,000-point single-query cap.
 *
 * Rules (shopify.dev "GraphQL Admin API rate limits"):
 * - scalar and enum fields 0; an object 1; an interface or union the maximum over its possible types;
 * - a connection 2, plus `first`/`last` × the cost of one item (the item object 1 + its selection); its
 *   PageInfo is counted as an object (1) to stay on the safe side;
 * - a list of objects is sized by its `ids` argument (`nodes(ids:)`), otherwise counted once;
 * - each mutation field 10, its payload free.
 * Requested cost sizes connections by their arguments; actual cost (pass the response `data`) by what came
 * back, and a null object costs nothing.
 */
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { getArgumentValues } from "graphql/execution/values";

export const MAX_SINGLE_QUERY_COST = 1000;
const MUTATION_FIELD_COST = 10;

type Data = Record<string, unknown>;

export function calculateQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  data?: Data | null
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  if (operation.operation === "mutation") {
    const mutationType = schema.getMutationType();
    if (!mutationType) return 0;
    return collectFields(schema, fragments, operation.selectionSet, mutationType).length * MUTATION_FIELD_COST;
  }
  const rootType = operation.operation === "query" ? schema.getQueryType() : schema.getSubscriptionType();
  if (!rootType) return 0;
  const actual = data !== undefined;
  return selectionCost({ schema, fragments, variables, actual }, operation.selectionSet, rootType, data ?? undefined);
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** true: size by `value` (the response); false: size by arguments. */
  actual: boolean;
}

function selectionCost(
  walk: Walk,
  selectionSet: SelectionSetNode,
  type: GraphQLCompositeType,
  value: Data | undefined
) {
  const candidates = isAbstractType(type) ? walk.schema.getPossibleTypes(type) : [type as GraphQLObjectType];
  let max = 0;
  for (const candidate of candidates) {
    let sum = 0;
    for (const field of collectFields(walk.schema, walk.fragments, selectionSet, candidate)) {
      const definition = candidate.getFields()[field.name.value];
      if (!definition) continue; // __typename
      const key = field.alias?.value ?? field.name.value;
      sum += fieldCost(walk, field, definition, walk.actual ? value?.[key] : undefined);
    }
    max = Math.max(max, sum);
  }
  return max;
}

function fieldCost(walk: Walk, node: FieldNode, definition: GraphQLField<unknown, unknown>, value: unknown): number {
  const named = getNamedType(definition.type);
  const selectionSet = node.selectionSet;
  if (!isCompositeType(named) || !selectionSet) return 0;
  if (walk.actual && (value === null || value === undefined)) return 0;

  if (isConnection(named))
    return connectionCost(walk, selectionSet, node, definition, named, value as Data | undefined);

  const itemCost = (item: unknown) =>
    walk.actual && (item === null || item === undefined)
      ? 0
      : 1 + selectionCost(walk, selectionSet, named, item as Data);
  if (isListType(getNullableType(definition.type))) {
    if (walk.actual) return (value as unknown[]).reduce<number>((total, item) => total + itemCost(item), 0);
    const args = getArgumentValues(definition, node, walk.variables);
    const size = Array.isArray(args.ids) ? args.ids.length : 1;
    return size * itemCost(undefined);
  }
  return itemCost(value);
}

function connectionCost(
  walk: Walk,
  selectionSet: SelectionSetNode,
  node: FieldNode,
  definition: GraphQLField<unknown, unknown>,
  connection: GraphQLObjectType,
  value: Data | undefined
): number {
  let pageInfo = 0;
  let items = 0;
  for (const field of collectFields(walk.schema, walk.fragments, selectionSet, connection)) {
    const key = field.alias?.value ?? field.name.value;
    const name = field.name.value;
    if (name === "pageInfo") pageInfo = 1;
    const itemSelection = field.selectionSet;
    if ((name !== "nodes" && name !== "edges") || !itemSelection) continue;

    const fieldType = connection.getFields()[name]?.type;
    const itemType = fieldType && getNamedType(fieldType);
    if (!itemType || !isObjectType(itemType)) continue;
    // An edge is free; its node is the item. `nodes` items are the items directly.
    const perItem = (item: Data | undefined) => {
      if (name === "nodes") return 1 + selectionCost(walk, itemSelection, itemType, item);
      const nodeField = collectFields(walk.schema, walk.fragments, itemSelection, itemType).find(
        (f) => f.name.value === "node"
      );
      const nodeType = itemType.getFields().node?.type;
      if (!nodeField?.selectionSet || !nodeType) return 0;
      const nodeKey = nodeField.alias?.value ?? "node";
      return (
        1 +
        selectionCost(
          walk,
          nodeField.selectionSet,
          getNamedType(nodeType) as GraphQLCompositeType,
          item?.[nodeKey] as Data
        )
      );
    };
    const cost = walk.actual
      ? ((value?.[key] as Data[] | undefined) ?? []).reduce((total, item) => total + perItem(item), 0)
      : requestedSize(walk, node, definition) * perItem(undefined);
    items = Math.max(items, cost);
  }
  return 2 + pageInfo + items;
}

function requestedSize(walk: Walk, node: FieldNode, definition: GraphQLField<unknown, unknown>): number {
  const args = getArgumentValues(definition, node, walk.variables);
  const size = typeof args.first === "number" ? args.first : typeof args.last === "number" ? args.last : 0;
  return Math.max(0, size);
}

function isConnection(type: GraphQLCompositeType): type is GraphQLObjectType {
  return isObjectType(type) && type.name.endsWith("Connection") && "pageInfo" in type.getFields();
}

/** The fields of `selectionSet` that apply to the concrete `type` (fragments on it or on its interfaces). */
function collectFields(
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  selectionSet: SelectionSetNode,
  type: GraphQLObjectType
): FieldNode[] {
  const fields: FieldNode[] = [];
  const applies = (typeName: string | undefined) => {
    if (typeName === undefined || typeName === type.name) return true;
    const condition = schema.getType(typeName);
    return condition !== undefined && isAbstractType(condition) && schema.isSubType(condition, type);
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(selection.typeCondition?.name.value)) {
        fields.push(...collectFields(schema, fragments, selection.selectionSet, type));
      }
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment && applies(fragment.typeCondition.name.value)) {
        fields.push(...collectFields(schema, fragments, fragment.selectionSet, type));
      }
    }
  }
  return fields;
}
