/**
 * Supapost through the common API: characters only (its REST API manages influencer personas and
 * generates nothing).
 *
 * - characters: `GET /influencers`, `POST /influencers`, `PATCH /influencers/{influencerId}`,
 *   `DELETE /influencers/{influencerId}`. Images are URLs (there is no upload endpoint); the first
 *   is the avatar and character reference. `update` with `images` replaces the whole list. The
 *   source document only shows `images` on update; the spec infers that every field of the create
 *   body can change too (`name`, `traits`), and refuses any other.
 * - `description`, `style` and `model` of a new influencer go in `providerOptions.supapost`.
 * - All response shapes are inferred in the spec (no public material shows them).
 */
import { createSupapostClient, createInfluencer_fields, updateInfluencer_fields, loadResponseValidators, supapostDefinition, type components } from "@studiokit/supapost";
import { clientSecrets } from "@studiokit/runtime";
import { ownProviderOptions, requireUrls } from "../options.js";
import { bodyReader, clientOptionsFrom, type CallContext, type ProviderAdapter } from "../studio.js";
import type { Character, CharacterProviderOptions, CreateCharacterInput, StudioOptions, UpdateCharacterInput } from "../types.js";

type Schemas = components["schemas"];

const provider = "supapost";

function toCharacter(influencer: Schemas["Influencer"]): Character {
  return {
    id: influencer.id,
    name: influencer.name,
    images: influencer.images ?? [],
    traits: influencer.traits ?? undefined,
    raw: influencer,
  };
}

export function createSupapostAdapter(options: StudioOptions<"supapost">): ProviderAdapter<"supapost"> {
  const client = createSupapostClient(clientOptionsFrom(options, supapostDefinition));
  const read = bodyReader(provider, loadResponseValidators, () => client[clientSecrets]());

  async function listCharacters(call: CallContext): Promise<Character[]> {
    const { data } = await client.GET("/influencers", { ...call.request });
    return (await read("GET /influencers", data, call.operation)).map(toCharacter);
  }

  async function createCharacter(input: CreateCharacterInput, call: CallContext): Promise<Character> {
    const own = ownProviderOptions<CharacterProviderOptions["supapost"]>(provider, input.providerOptions);
    const body: Schemas["CreateInfluencerRequest"] = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      images: requireUrls(provider, call.operation, "images", input.images),
      ...(input.traits !== undefined ? { traits: input.traits } : {}),
      ...own,
    };
    const { data } = await client.POST("/influencers", { body, ...call.request });
    return toCharacter((await read("POST /influencers", data, call.operation)));
  }

  async function updateCharacter(id: string, input: UpdateCharacterInput, call: CallContext): Promise<Character> {
    const own = ownProviderOptions<CharacterProviderOptions["supapost"]>(provider, input.providerOptions);
    const body: Schemas["UpdateInfluencerRequest"] = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.images !== undefined ? { images: requireUrls(provider, call.operation, "images", input.images) } : {}),
      ...(input.traits !== undefined ? { traits: input.traits } : {}),
      ...own,
    };
    const { data } = await client.PATCH("/influencers/{influencerId}", {
      params: { path: { influencerId: id } },
      body,
      ...call.request,
    });
    return toCharacter((await read("PATCH /influencers/{influencerId}", data, call.operation)));
  }

  async function deleteCharacter(id: string, call: CallContext): Promise<void> {
    await client.DELETE("/influencers/{influencerId}", { params: { path: { influencerId: id } }, ...call.request });
  }

  return {
    provider,
    raw: client,
    optionFields: {
      characters: [...new Set([...createInfluencer_fields, ...updateInfluencer_fields])],
    },
    characters: { list: listCharacters, create: createCharacter, update: updateCharacter, delete: deleteCharacter },
  };
}
