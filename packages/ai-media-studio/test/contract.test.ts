// Every ai-media-studio operation through the generated client against the Prism mock, and invalid bodies
// rejected by our validator (nothing sent) and by Prism.
import { contractSuite } from "@studiokit-tools/contract";
import { createAIMediaStudioClient } from "../src/index.js";

await contractSuite({ provider: "ai-media-studio", createClient: createAIMediaStudioClient });
