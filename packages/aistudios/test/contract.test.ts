// Every aistudios operation through the generated client against the Prism mock, and invalid bodies
// rejected by our validator (nothing sent) and by Prism.
import { contractSuite } from "@studiokit-tools/contract";
import { createAIStudiosClient } from "../src/index.js";

await contractSuite({ provider: "aistudios", createClient: createAIStudiosClient });
