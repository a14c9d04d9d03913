import { describe, expect, it } from "vitest";
import { analyse } from "../../../packages/policy/src/language/analyse";
import { detectEmergency } from "../../../packages/policy/src/language/emergency";
import { Marks } from "../../../packages/policy/src/language/marks";

const emergency = (text: string) => detectEmergency(new Marks(analyse(text)));
const isEmergency = (text: string) => emergency(text).length > 0;

describe("an emergency is a danger happening now, named or described by its effect", () => {
  it.each([
    "Il vicino è svenuto sulle scale e non risponde, correte",
    "Mio nonno è caduto in bagno e non riesce ad alzarsi",
    "L'acqua sta entrando in cantina e sale veloce",
    "C'è un uomo che sanguina dalla testa davanti alla stazione",
    "Un bambino è rimasto chiuso in macchina sotto il sole",
    "Dal camino del condominio escono fiamme",
    "Sta venendo giù il muro di cinta sulla ciclabile proprio adesso",
    "Si è staccato un cavo della luce, è a terra e fa scintille vicino alla fermata",
    "Mia zia, 88 anni e con l'Alzheimer, non si trova più da stamattina",
  ])("%s", (text) => expect(isEmergency(text)).toBe(true));
});

describe("in any language", () => {
  it.each([
    "Help, my son is not breathing!",
    "Fire in the building next to the library right now",
    "Au secours, il y a un feu dans l'immeuble",
    "Hilfe! Mein Vater ist bewusstlos",
    "¡Socorro! Mi hijo no respira",
    "Допоможіть! У будинку пожежа",
    "Ajutor, casa arde",
    "Rauch kommt aus dem Keller der Schule",
    "Ratunku! Pożar w bloku przy szkole",
    "火灾！楼里有人被困",
    "حريق في الشارع",
  ])("%s", (text) => expect(isEmergency(text)).toBe(true));
});

describe("past, recurring, hypothetical, denied or figurative dangers are no emergency", () => {
  it.each([
    "Ieri c'è stato un incendio in via Roma, grazie ai vigili del fuoco",
    "Se vedete fumo chiamate il 115",
    "L'anno scorso l'alluvione ha distrutto tutto",
    "Nell'alluvione del 2014 l'acqua arrivò al primo piano",
    "Grazie per l'aiuto con la pratica!",
    "La donazione del sangue è sabato in piazza",
    "Il traffico mi fa venire un infarto",
    "Ogni volta che piove il sottopasso si allaga, vergogna",
    "Speriamo che non succeda un incidente a quell'incrocio",
    "L'esercitazione antincendio è prevista giovedì",
    "Le tasse stanno crollando addosso alle famiglie",
    "Sono bloccato nella graduatoria da due anni",
    "Incidente in tangenziale, per fortuna nessun ferito",
    "Farò fuoco e fiamme finché non riaprono la biblioteca",
    "Vedo sempre bambini da soli al parco giochi la sera",
    "La frana è ancora lì da mesi e nessuno la toglie",
    "Esiste un aiuto per chi non riesce a pagare la mensa?",
  ])("%s", (text) => expect(isEmergency(text)).toBe(false));
});

it("the evidence points at the words that report the danger", () => {
  const text = "Scusate se scrivo qui, ma esce fumo nero dal tetto della palestra";
  const [finding] = emergency(text);
  expect(text.slice(finding?.start, finding?.end)).toBe("fumo");
});

describe("a person in a perilous place or taken by the danger, in Italian and English", () => {
  it.each([
    "Una ragazzina è seduta sul davanzale del quarto piano e piange",
    "Un anziano cammina sui binari vicino al passaggio a livello",
    "La piena ha trascinato via un pescatore sotto il ponte vecchio",
    "In sala d'attesa una signora si è accasciata sulla sedia",
    "Nel sottopasso la gente si sente male per l'odore",
    "An old man is lying in the road outside the pharmacy",
    "My husband is unresponsive on the kitchen floor",
    "Two kids are on the ledge of the old mill",
  ])("%s", (text) => expect(isEmergency(text)).toBe(true));
});

describe("a danger that is over, a figure or a protasis is no emergency", () => {
  it.each([
    "Stanotte la cucina del ristorante ha preso fuoco, ma ora è tutto a posto",
    "Il ragazzo finito nel canale l'hanno tirato fuori subito e sta bene",
    "Il palo caduto in via Po è già stato rimosso",
    "Quel consiglio comunale è stato un incendio di polemiche",
    "Se grandina forte, chi pulisce i tombini intasati?",
    "Stai attento quando esci stasera, c'è nebbia",
    "The fire near the school was put out an hour ago",
  ])("%s", (text) => expect(isEmergency(text)).toBe(false));
});

describe("engine-5: the author in danger, a state that lasts, a danger named by what it does", () => {
  it.each([
    "Siamo intrappolati in auto nel tunnel allagato, l'acqua arriva al petto",
    "Il nonno della signora accanto non risponde al citofono da tre giorni e la posta è ammucchiata",
    "Una corriera senza freni sta scendendo verso la piazza del mercato",
    "La gru del cantiere si sta inclinando sopra il marciapiede",
    "Mon voisin ne répond plus depuis ce matin",
  ])("%s", (text) => expect(isEmergency(text)).toBe(true));

  it.each([
    "Il motore della corriera si è spento due volte, ma almeno siamo arrivati",
    "Vedo sempre quella signora anziana passeggiare da sola lungo il viale",
    "Ieri due auto fuori strada sulla provinciale, tutti bene",
  ])("%s", (text) => expect(isEmergency(text)).toBe(false));
});

describe("engine-6: water that reaches a level, the author who cannot get out, a negated effect in any language", () => {
  it.each([
    "In cantina l'acqua arriva già al soffitto e mio padre è giù",
    "C'è fumo sul pianerottolo e non riusciamo a uscire di casa",
    "La bambina ha bevuto la candeggina e non si sveglia",
    "Mi abuela no respira, estamos en la plaza",
    "Bunica nu mai respiră, suntem acasă",
    "Unser Opa bewegt sich nicht mehr",
    "The water is up to the kitchen windows and rising",
    "C'è puzza di gas sul pianerottolo del terzo piano",
    "Il neonato sta diventando viola, aiuto",
  ])("%s", (text) => expect(isEmergency(text)).toBe(true));

  it.each([
    "Finalmente l'acqua arriva alle fontane del parco, grazie",
    "D'estate in centro non si respira per lo smog, fate qualcosa",
    "La ragazza caduta in bici ieri si è ripresa subito",
    "Le fiamme dell'estate scorsa sono state spente in un'ora",
    "Hier il y avait de la fumée, tout est réglé maintenant",
    "No, sale solo il prezzo del biglietto",
  ])("%s", (text) => expect(isEmergency(text)).toBe(false));
});

describe("recall round: symptoms, road dangers, structures coming down, rising water, English progressive, footage", () => {
  it.each([
    "Mia madre ha un dolore al petto fortissimo e non riesce a parlare",
    "Sulla provinciale c'è una moto contromano, rischia di ammazzarsi",
    "Stanno cedendo le assi del palco e sotto ci sono bambini",
    "Il torrente continua a crescere e lambisce le cantine",
    "The canal is overflowing into the street and people are trapped in their cars",
    "Un anziano è steso per terra davanti alla farmacia",
  ])("%s", (text) => expect(isEmergency(text)).toBe(true));

  it.each([
    "Nel video di ieri si vede il palco che crolla durante le prove, per fortuna era vuoto",
    "Il numero dei turisti continua a crescere, bene così",
    "Mi è venuto mal di testa a leggere questa delibera",
  ])("%s", (text) => expect(isEmergency(text)).toBe(false));
});
